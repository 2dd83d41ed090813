import { Card, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignReport, Measure, ReportGroup } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { useApi } from '../common/use-api';
import { groupName, ReportChart } from './report-chart';

export function CampaignReportView({ campaignId }: { readonly campaignId: string }) {
  const { t } = useTranslation();
  const { data, error, loading } = useApi<CampaignReport>(
    `/v1/campaigns/${encodeURIComponent(campaignId)}/report`,
  );
  const shown = <T,>(measure: Measure<T>, text: (value: T) => string) =>
    measure.available ? text(measure.value) : t('campaigns.notAvailable', { why: measure.why });
  const pct = (value: number) => `${(100 * value).toFixed(1)} %`;
  return (
    <Card
      size="small"
      title={t('campaigns.report')}
      loading={loading}
      data-testid="campaign-report"
    >
      {error !== undefined && <ProblemAlert error={error} />}
      {data && data.groups.length === 0 && <Empty description={t('campaigns.reportEmpty')} />}
      {data && data.groups.length > 0 && (
        <>
          <ReportChart groups={data.groups} />
          <Table<ReportGroup>
            size="small"
            pagination={false}
            rowKey={(g) => `${g.arm.group}:${g.arm.variant ?? ''}`}
            dataSource={[...data.groups]}
            columns={[
              { title: t('campaigns.group'), render: (_, g) => groupName(g, t) },
              { title: t('campaigns.accounts'), dataIndex: 'accounts', align: 'right' },
              { title: t('campaigns.contacted'), dataIndex: 'contacted', align: 'right' },
              { title: t('campaigns.delivered'), dataIndex: 'delivered', align: 'right' },
              { title: t('campaigns.paid'), dataIndex: 'paid', align: 'right' },
              {
                title: t('campaigns.conversion'),
                align: 'right',
                render: (_, g) => shown(g.conversion, pct),
              },
              {
                title: t('campaigns.uplift'),
                align: 'right',
                render: (_, g) =>
                  shown(
                    g.uplift,
                    (u) => `${pct(u.difference)} [${pct(u.ci95.lower)}, ${pct(u.ci95.upper)}]`,
                  ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
