/**
 * The records query: filters, the records they find in chain order, and "show more" while more
 * match. The API answers at most `limit` records and whether there are more (no cursor), so each
 * "more" asks again for a larger page, up to the API's 1,000; past that, narrow or export.
 */
import { Alert, Button, Form, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { filtersQuery, type RecordFilters, type RecordsFound } from './kept-records';
import { RecordFilterFields } from './record-filters';
import { RecordsTable } from './records-table';

const PAGE = 200;
const MOST = 1_000;

export function RecordsPanel() {
  const { t } = useTranslation();
  const [form] = Form.useForm<RecordFilters>();
  const [asked, setAsked] = useState<{ filters: RecordFilters; limit: number } | undefined>();
  const [found, setFound] = useState<RecordsFound | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const load = async (filters: RecordFilters, limit: number) => {
    setBusy(true);
    setError(undefined);
    try {
      const query = filtersQuery(filters);
      query.set('limit', String(limit));
      setFound(await api<RecordsFound>(`/v1/audit/records?${query.toString()}`));
      setAsked({ filters, limit });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const canGrow = asked !== undefined && asked.limit < MOST;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('audit.recordsHint')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        onFinish={(filters) => void load(filters, PAGE)}
        style={{ rowGap: 8 }}
      >
        <RecordFilterFields prefix="records" />
        <Form.Item>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              loading={busy}
              data-testid="records-find"
            >
              {t('audit.find')}
            </Button>
            <Button onClick={() => form.resetFields()}>{t('audit.filters.clear')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
      {found && (
        <Typography.Text type="secondary" data-testid="records-count">
          {t('audit.found', { count: found.records.length })}
        </Typography.Text>
      )}
      {found && <RecordsTable records={found.records} loading={busy} testId="records-table" />}
      {found?.more &&
        asked &&
        (canGrow ? (
          <Button
            onClick={() => void load(asked.filters, Math.min(asked.limit + PAGE, MOST))}
            loading={busy}
            data-testid="records-more"
          >
            {t('audit.showMore')}
          </Button>
        ) : (
          <Alert
            type="info"
            showIcon
            message={t('audit.moreThanShown', { count: found.records.length })}
          />
        ))}
    </Space>
  );
}
