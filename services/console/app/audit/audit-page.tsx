/**
 * The audit, for auditors and admins (`audit:read`): the kept records by filters, the records of
 * one address or customer, their export as a file, and the record's verification with the
 * independent re-check's violations.
 */
import { Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ExportPanel } from './export-panel';
import { RecordsPanel } from './records-panel';
import { SearchPanel } from './search-panel';
import { VerifyPanel } from './verify-panel';

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Tabs
        data-testid="audit-tabs"
        defaultActiveKey="verify"
        items={[
          { key: 'verify', label: t('audit.tabs.verify'), children: <VerifyPanel /> },
          { key: 'records', label: t('audit.tabs.records'), children: <RecordsPanel /> },
          { key: 'search', label: t('audit.tabs.search'), children: <SearchPanel /> },
          { key: 'export', label: t('audit.tabs.export'), children: <ExportPanel /> },
        ]}
      />
    </Space>
  );
}
