/** A campaign's status, its history of actions, its report; pause/resume/cancel for who may run it. */
import { App as AntApp, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CampaignAction, CampaignStatus } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ProblemAlert } from '../common/problem-alert';
import { showValue } from '../common/show-value';
import { ReasonModal } from '../common/reason-modal';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';
import { CampaignReportView } from './campaign-report';

type Action = 'pause' | 'resume' | 'cancel';
const STATUS_COLOR = { running: 'green', paused: 'orange', cancelled: 'red', completed: 'blue' };

export function CampaignDetail({
  campaignId,
  onChanged,
}: {
  readonly campaignId: string;
  readonly onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { may } = useAuth();
  const { message } = AntApp.useApp();
  const { data, error, reload } = useApi<CampaignStatus>(
    `/v1/campaigns/${encodeURIComponent(campaignId)}`,
  );
  const [action, setAction] = useState<Action | undefined>(undefined);
  const act = async (reason: string) => {
    if (!action) return;
    const answer = await api<CampaignStatus>(
      `/v1/campaigns/${encodeURIComponent(campaignId)}/${action}`,
      { method: 'POST', body: { reason } },
    );
    void message.success(t('campaigns.done', { id: campaignId, status: answer.status }));
    reload();
    onChanged();
  };
  const allowed: readonly Action[] =
    data?.status === 'running'
      ? ['pause', 'cancel']
      : data?.status === 'paused'
        ? ['resume', 'cancel']
        : [];
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="campaign-detail"
    >
      {error !== undefined && <ProblemAlert error={error} />}
      {data && (
        <Card
          size="small"
          title={`${data.name} (${data.campaignId})`}
          extra={
            may('campaigns:run') && (
              <Space>
                {allowed.map((a) => (
                  <Button
                    key={a}
                    danger={a === 'cancel'}
                    onClick={() => setAction(a)}
                    data-testid={`campaign-${a}`}
                  >
                    {t(`campaigns.${a}`)}
                  </Button>
                ))}
              </Space>
            )
          }
        >
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('campaigns.status')}>
              <Tag color={STATUS_COLOR[data.status]}>{data.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('campaigns.version')}>{data.version}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.sendBy')}>
              <Instant iso={data.sendBy} />
            </Descriptions.Item>
            <Descriptions.Item label={t('campaigns.handedOff')}>{data.handedOff}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.counts')} span={2}>
              <Space wrap>
                {Object.entries(data.counts).map(([key, value]) => (
                  <Tag key={key}>
                    {key}: {showValue(value)}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Table<CampaignAction>
            size="small"
            pagination={false}
            rowKey={(a) => `${a.action}@${a.at}`}
            dataSource={[...data.actions]}
            title={() => t('campaigns.history')}
            columns={[
              { title: t('campaigns.actions'), dataIndex: 'action' },
              {
                title: t('common.utc'),
                dataIndex: 'at',
                render: (at: string) => <Instant iso={at} />,
              },
              { title: t('campaigns.by'), dataIndex: 'by' },
              { title: t('common.reason'), dataIndex: 'reason' },
            ]}
          />
        </Card>
      )}
      <CampaignReportView campaignId={campaignId} />
      <ReasonModal
        title={
          action
            ? t('campaigns.actionTitle', { action: t(`campaigns.${action}`), id: campaignId })
            : ''
        }
        open={action !== undefined}
        onClose={() => setAction(undefined)}
        onSubmit={act}
      />
    </Space>
  );
}
