import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';
import { CampaignDetail } from './campaign-detail';
import { PreviewPanel } from './preview-panel';

export function CampaignsPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApi<{ campaigns: CampaignStatus[] }>('/v1/campaigns');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('campaigns.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {t('common.refresh')}
        </Button>
      </Space>
      {error !== undefined && <ProblemAlert error={error} />}
      <Card size="small" title={t('campaigns.list')}>
        <Table<CampaignStatus>
          data-testid="campaign-list"
          size="small"
          rowKey="campaignId"
          loading={loading}
          dataSource={data?.campaigns ?? []}
          locale={{ emptyText: t('common.none') }}
          onRow={(c) => ({
            onClick: () => setSelected(c.campaignId),
            style: { cursor: 'pointer' },
          })}
          rowClassName={(c) => (c.campaignId === selected ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('campaigns.id'), dataIndex: 'campaignId' },
            { title: t('campaigns.name'), dataIndex: 'name' },
            { title: t('campaigns.version'), dataIndex: 'version', align: 'right' },
            {
              title: t('campaigns.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag>{s}</Tag>,
            },
            {
              title: t('campaigns.sendBy'),
              dataIndex: 'sendBy',
              render: (at: string) => <Instant iso={at} />,
            },
            { title: t('campaigns.handedOff'), dataIndex: 'handedOff', align: 'right' },
          ]}
        />
      </Card>
      {selected === undefined ? (
        <Typography.Text type="secondary">{t('campaigns.select')}</Typography.Text>
      ) : (
        <CampaignDetail key={selected} campaignId={selected} onChanged={reload} />
      )}
      <PreviewPanel
        onLaunched={(campaignId) => {
          reload();
          setSelected(campaignId);
        }}
      />
    </Space>
  );
}
