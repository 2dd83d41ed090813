/** Verify the audit's record (every chain and anchor) and list the independent re-check's findings. */
import { Alert, Button, Card, Collapse, Space, Statistic, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditVerification } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { showValue } from '../common/show-value';
import { useApi } from '../common/use-api';

type Violation = Readonly<Record<string, unknown>>;
const SHOWN = ['rule', 'kind', 'accountId', 'channel', 'at', 'occurredAt', 'detail'];

export function VerifyPanel() {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState<AuditVerification | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const violations = useApi<{ violations: Violation[] }>('/v1/audit/violations');
  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setVerdict(await api<AuditVerification>('/v1/audit/verify', { method: 'POST' }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const { ok, records, accounts, anchorsChecked, ...rest } =
    verdict ?? ({} as Partial<AuditVerification>);
  const rows = violations.data?.violations ?? [];
  const columns = SHOWN.filter((name) => rows.some((row) => row[name] !== undefined));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={busy}
            onClick={() => void verify()}
            data-testid="verify"
          >
            {busy ? t('audit.verifying') : t('audit.verify')}
          </Button>
          {error !== undefined && <ProblemAlert error={error} />}
          {verdict && (
            <div data-testid="verdict">
              <Alert
                type={ok ? 'success' : 'error'}
                showIcon
                message={ok ? t('audit.ok') : t('audit.broken')}
                style={{ marginBottom: 16 }}
              />
              <Space size="large">
                <Statistic title={t('audit.records')} value={records} />
                <Statistic title={t('audit.accounts')} value={accounts} />
                <Statistic title={t('audit.anchors')} value={anchorsChecked} />
              </Space>
              {Object.keys(rest).length > 0 && (
                <Collapse
                  style={{ marginTop: 16 }}
                  defaultActiveKey={ok ? [] : ['broken']}
                  items={[
                    {
                      key: 'broken',
                      label: t('audit.brokenChains'),
                      children: (
                        <pre style={{ margin: 0, fontSize: 12 }}>
                          {JSON.stringify(rest, null, 2)}
                        </pre>
                      ),
                    },
                  ]}
                />
              )}
            </div>
          )}
        </Space>
      </Card>
      <Card size="small" title={t('audit.violations')}>
        {violations.error !== undefined && <ProblemAlert error={violations.error} />}
        <Table<Violation>
          data-testid="violations"
          size="small"
          loading={violations.loading}
          rowKey={(_, i) => String(i)}
          dataSource={rows}
          locale={{ emptyText: t('audit.noViolations') }}
          columns={[
            ...columns.map((name) => ({
              title: name,
              key: name,
              render: (_: unknown, row: Violation) => showValue(row[name]),
            })),
            {
              title: t('common.details'),
              key: 'details',
              render: (_: unknown, row: Violation) => (
                <Typography.Text code style={{ fontSize: 11 }}>
                  {JSON.stringify(row).slice(0, 200)}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
