/** Kept records in a table: who, which link of the chain, what happened when; the body on demand. */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Instant } from '../common/time';
import { payloadText, type KeptRecord } from './kept-records';

export function RecordsTable({
  records,
  loading,
  testId,
}: {
  readonly records: readonly KeptRecord[];
  readonly loading: boolean;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Table<KeptRecord>
      data-testid={testId}
      size="small"
      loading={loading}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      rowKey={(row) => `${row.tenantId}/${row.accountId}/${row.seq}`}
      dataSource={[...records]}
      locale={{ emptyText: t('audit.noRecords') }}
      expandable={{
        expandedRowRender: (row) => (
          <pre style={{ margin: 0, fontSize: 11, whiteSpace: 'pre-wrap' }}>
            {JSON.stringify(row.body ?? row, null, 2)}
          </pre>
        ),
      }}
      columns={[
        { title: t('audit.column.tenant'), dataIndex: 'tenantId', key: 'tenant' },
        { title: t('audit.column.account'), dataIndex: 'accountId', key: 'account' },
        { title: t('audit.column.seq'), dataIndex: 'seq', key: 'seq', align: 'right' },
        {
          title: t('audit.column.type'),
          key: 'type',
          render: (_, row) =>
            row.body ? (
              <Typography.Text code>{row.body.type}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('audit.column.expired')}</Typography.Text>
            ),
        },
        {
          title: t('audit.column.occurred'),
          key: 'occurred',
          render: (_, row) => (row.body ? <Instant iso={row.body.occurredAt} /> : null),
        },
        {
          title: t('audit.column.channel'),
          key: 'channel',
          render: (_, row) => payloadText(row, 'channel'),
        },
        {
          title: t('audit.column.status'),
          key: 'status',
          render: (_, row) => payloadText(row, 'status'),
        },
        {
          title: t('audit.column.template'),
          key: 'template',
          render: (_, row) => payloadText(row, 'templateId'),
        },
      ]}
    />
  );
}
