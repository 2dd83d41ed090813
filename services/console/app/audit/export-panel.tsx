/**
 * The export: every record the filters find, as a CSV or JSON-lines file, with a reason the API
 * records in the audit. POSTed with the session's key (a plain link could not carry it) and
 * handed to the browser as a file from a Blob, so neither the key nor the reason goes into a URL.
 */
import { Alert, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload } from '../api/client';
import { ProblemAlert } from '../common/problem-alert';
import { filtersQuery, type RecordFilters } from './kept-records';
import { RecordFilterFields } from './record-filters';

interface ExportForm extends RecordFilters {
  readonly format: 'csv' | 'jsonl';
  readonly reason: string;
}

/** Hands a Blob to the browser as a download, then lets it go. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function ExportPanel() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ExportForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const download = async ({ format, reason, ...filters }: ExportForm) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      // A POST body, not a query string: the reason is free text and stays out of URLs.
      const file = await apiDownload('/v1/audit/export', {
        ...Object.fromEntries(filtersQuery(filters)),
        format,
        reason: reason.trim(),
      });
      const name = file.filename ?? `audit-records.${format}`;
      saveBlob(file.blob, name);
      setDone(t('audit.downloaded', { file: name, size: sizeText(file.blob.size) }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('audit.exportHint')}
      </Typography.Paragraph>
      <Form<ExportForm>
        form={form}
        layout="inline"
        initialValues={{ format: 'csv' }}
        onFinish={(values) => void download(values)}
        style={{ rowGap: 8 }}
      >
        <RecordFilterFields prefix="export" />
        <Form.Item name="format" label={t('audit.format')}>
          <Radio.Group data-testid="export-format">
            <Radio.Button value="csv">{t('audit.csv')}</Radio.Button>
            <Radio.Button value="jsonl">{t('audit.jsonl')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('audit.exportReason')}
          extra={t('audit.exportReasonHint')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
          style={{ minWidth: 420 }}
        >
          <Input maxLength={200} autoComplete="off" data-testid="export-reason" />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<DownloadOutlined />}
            loading={busy}
            data-testid="export-download"
          >
            {t('audit.download')}
          </Button>
        </Form.Item>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
      {done && <Alert type="success" showIcon message={done} data-testid="export-done" />}
    </Space>
  );
}
