import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ApiKeyView } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { ReasonModal } from '../common/reason-modal';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';
import { CreateKeyForm } from './create-key-form';
import { PermissionTable } from './permission-table';

export function KeysPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApi<{ keys: ApiKeyView[] }>('/v1/keys');
  const [revoking, setRevoking] = useState<ApiKeyView | undefined>(undefined);
  const revoke = async (reason: string) => {
    if (!revoking) return;
    await api(`/v1/keys/${encodeURIComponent(revoking.keyId)}/revoke`, {
      method: 'POST',
      body: { reason },
    });
    reload();
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('keys.title')}
      </Typography.Title>
      <Card size="small" title={t('keys.create')}>
        <CreateKeyForm onCreated={reload} />
      </Card>
      <Card size="small" title={t('keys.list')}>
        {error !== undefined && <ProblemAlert error={error} />}
        <Table<ApiKeyView>
          data-testid="keys"
          size="small"
          rowKey="keyId"
          loading={loading}
          dataSource={data?.keys ?? []}
          columns={[
            {
              title: t('keys.keyId'),
              dataIndex: 'keyId',
              render: (id: string) => <code>{id}</code>,
            },
            { title: t('keys.label'), dataIndex: 'label' },
            {
              title: t('keys.role'),
              dataIndex: 'role',
              render: (role: string) => <Tag color="blue">{role}</Tag>,
            },
            {
              title: t('keys.created'),
              dataIndex: 'createdAt',
              render: (at: string) => <Instant iso={at} />,
            },
            { title: t('keys.createdBy'), dataIndex: 'createdBy' },
            {
              title: t('keys.revoked'),
              render: (_, key) =>
                key.revokedAt ? (
                  <Tag color="red">
                    {t('keys.revoked')} <Instant iso={key.revokedAt} />
                  </Tag>
                ) : (
                  <Tag color="green">{t('keys.active')}</Tag>
                ),
            },
            {
              title: '',
              render: (_, key) =>
                !key.revokedAt && (
                  <Button danger size="small" onClick={() => setRevoking(key)}>
                    {t('keys.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('keys.permissions')}>
        <PermissionTable />
      </Card>
      <ReasonModal
        title={revoking ? `${t('keys.revoke')} ${revoking.keyId} (${revoking.label})` : ''}
        open={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        onSubmit={revoke}
      />
    </Space>
  );
}
