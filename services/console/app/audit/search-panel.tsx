/**
 * The records of one phone number, e-mail address or customer's name. What is searched for goes
 * in the POST body only: not in the page's address, the browser's history or the API's logs (the
 * API records the search in the audit by its keyed hash). The field asks the browser not to keep
 * what was typed, and the form is never submitted natively (antd handles it).
 */
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Typography,
} from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import type { RecordsFound } from './kept-records';
import { RecordsTable } from './records-table';

interface SearchForm {
  readonly by: 'address' | 'customer';
  readonly value: string;
  readonly period?: readonly [Dayjs | null, Dayjs | null] | null;
  readonly limit: number;
}

function searchBody(form: SearchForm): Record<string, unknown> {
  const [from, to] = form.period ?? [null, null];
  return {
    [form.by]: form.value.trim(),
    ...(from ? { from: from.toISOString() } : {}),
    ...(to ? { to: to.toISOString() } : {}),
    limit: form.limit,
  };
}

export function SearchPanel() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SearchForm>();
  const by = Form.useWatch('by', form) ?? 'address';
  const [found, setFound] = useState<RecordsFound | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const search = async (values: SearchForm) => {
    setBusy(true);
    setError(undefined);
    try {
      setFound(
        await api<RecordsFound>('/v1/audit/search', { method: 'POST', body: searchBody(values) }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('audit.searchHint')}
      </Typography.Paragraph>
      <Form<SearchForm>
        form={form}
        layout="vertical"
        initialValues={{ by: 'address', limit: 200 }}
        onFinish={(values) => void search(values)}
        autoComplete="off"
        style={{ maxWidth: 640 }}
      >
        <Form.Item name="by" label={t('audit.searchBy')}>
          <Radio.Group data-testid="search-by">
            <Radio.Button value="address">{t('audit.byAddress')}</Radio.Button>
            <Radio.Button value="customer">{t('audit.byCustomer')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="value"
          label={by === 'address' ? t('audit.address') : t('audit.customer')}
          rules={[{ required: true, whitespace: true, message: t('audit.valueRequired') }]}
        >
          <Input
            autoComplete="off"
            spellCheck={false}
            maxLength={300}
            placeholder={by === 'address' ? t('audit.addressHint') : undefined}
            data-testid="search-value"
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="period" label={t('audit.filters.period')}>
            <DatePicker.RangePicker
              placeholder={[t('audit.filters.from'), t('audit.filters.to')]}
              showTime
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Form.Item name="limit" label={t('audit.limit')}>
            <InputNumber min={1} max={1_000} />
          </Form.Item>
        </Space>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined />}
          loading={busy}
          data-testid="search-submit"
        >
          {t('audit.search')}
        </Button>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
      {found && <RecordsTable records={found.records} loading={busy} testId="search-table" />}
      {found?.more && (
        <Alert
          type="info"
          showIcon
          message={t('audit.searchMore', { count: found.records.length })}
        />
      )}
    </Space>
  );
}
