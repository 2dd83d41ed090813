import { Alert, Button, Card, Col, Empty, Row, Space, Spin, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem';
import type { Dashboard } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { useApi } from '../common/use-api';
import { utcText } from '../common/time';
import { DailyChart } from './daily-chart';
import { FunnelChart } from './funnel-chart';
import { SuppressionsChart } from './suppressions-chart';

export function DashboardPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApi<Dashboard>('/v1/dashboard');
  const header = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
        {t('common.refresh')}
      </Button>
    </Space>
  );
  if (error instanceof ApiProblem && error.status === 404) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {header}
        <Alert
          type="info"
          showIcon
          message={t('dashboard.missing')}
          data-testid="dashboard-missing"
        />
      </Space>
    );
  }
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard">
      {header}
      {error !== undefined && <ProblemAlert error={error} />}
      {data === undefined ? loading && <Spin /> : <DashboardBody data={data} />}
    </Space>
  );
}

function DashboardBody({ data }: { readonly data: Dashboard }) {
  const { t } = useTranslation();
  const chart = (title: string, body: React.ReactNode, empty: boolean) => (
    <Card title={title} size="small">
      {empty ? <Empty description={t('common.none')} /> : body}
    </Card>
  );
  return (
    <>
      <Typography.Text type="secondary">
        {t('dashboard.period', { from: utcText(data.from), to: utcText(data.to) })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {chart(
            t('dashboard.funnelByChannel'),
            <FunnelChart
              rows={data.funnel.byChannel}
              axisName={t('dashboard.channel')}
              testId="chart-channel"
            />,
            data.funnel.byChannel.length === 0,
          )}
        </Col>
        <Col xs={24} xl={12}>
          {chart(
            t('dashboard.funnelByStage'),
            <FunnelChart
              rows={data.funnel.byStage}
              axisName={t('dashboard.stage')}
              testId="chart-stage"
            />,
            data.funnel.byStage.length === 0,
          )}
        </Col>
        <Col xs={24} xl={12}>
          {chart(
            t('dashboard.funnelByCampaign'),
            <FunnelChart
              rows={data.funnel.byCampaign}
              axisName={t('dashboard.campaign')}
              testId="chart-campaign"
            />,
            data.funnel.byCampaign.length === 0,
          )}
        </Col>
        <Col xs={24} xl={12}>
          {chart(t('dashboard.daily'), <DailyChart days={data.daily} />, data.daily.length === 0)}
        </Col>
        <Col xs={24} xl={12}>
          {chart(
            t('dashboard.suppressions'),
            <SuppressionsChart rows={data.suppressions} />,
            data.suppressions.length === 0,
          )}
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.consumerLag')} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey={(row) => `${row.group}/${row.topic}`}
              dataSource={[...data.consumerLag]}
              columns={[
                { title: t('dashboard.group'), dataIndex: 'group' },
                { title: t('dashboard.topic'), dataIndex: 'topic' },
                {
                  title: t('dashboard.lag'),
                  dataIndex: 'lag',
                  align: 'right',
                  sorter: (a, b) => a.lag - b.lag,
                  defaultSortOrder: 'descend',
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.providers')} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey="channel"
              dataSource={[...data.providers]}
              columns={[
                { title: t('dashboard.channel'), dataIndex: 'channel' },
                { title: t('dashboard.attempts'), dataIndex: 'attempts', align: 'right' },
                { title: t('dashboard.failed'), dataIndex: 'failed', align: 'right' },
                {
                  title: t('dashboard.errorRate'),
                  key: 'rate',
                  align: 'right',
                  render: (_, row) =>
                    row.attempts === 0
                      ? '—'
                      : `${((100 * row.failed) / row.attempts).toFixed(1)} %`,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
