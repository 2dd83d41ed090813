/**
 * The outcome of a call. The time is sent in UTC (the API takes nothing else); a promise to pay
 * carries the date and the amount in minor units of its currency.
 */
import { Alert, Button, DatePicker, Form, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { DeskTask, OutcomeReport } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';

const OUTCOMES = [
  'no-answer',
  'conversation',
  'dispute',
  'wrong-number',
  'promise-to-pay',
] as const;
type Outcome = (typeof OUTCOMES)[number];

interface Values {
  outcome: Outcome;
  at: Dayjs;
  promisedDate?: Dayjs;
  amount?: number;
  currency?: string;
}

/** 12.34 in a two-decimal currency → 1234; the currency's own decimals decide the factor. */
function toMinor(amount: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return Math.round(amount * 10 ** digits);
}

function reportOf(values: Values): OutcomeReport {
  const at = values.at
    .toDate()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  if (values.outcome !== 'promise-to-pay') return { outcome: values.outcome, at };
  const currency = values.currency ?? 'USD';
  return {
    outcome: 'promise-to-pay',
    at,
    promisedDate: (values.promisedDate ?? dayjs()).format('YYYY-MM-DD'),
    amount: { amountMinor: toMinor(values.amount ?? 0, currency), currency },
  };
}

export function OutcomeForm({
  task,
  onReported,
}: {
  readonly task: DeskTask;
  readonly onReported: (task: DeskTask) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      const answer = await api<{ task: DeskTask }>(
        `/v1/desk/tasks/${encodeURIComponent(task.taskId)}/outcome`,
        { method: 'POST', body: reportOf(values) },
      );
      setDone(true);
      onReported(answer.task);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const currency = task.facts?.overdueAmount?.currency ?? 'USD';
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ outcome: 'no-answer', at: dayjs(), currency }}
      onFinish={(values) => void submit(values)}
      data-testid="outcome-form"
    >
      <Space wrap align="start">
        <Form.Item name="outcome" label={t('desk.outcome')} rules={[{ required: true }]}>
          <Select
            style={{ width: 200 }}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`desk.outcomes.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name="at" label={t('desk.at')} rules={[{ required: true }]}>
          <DatePicker showTime />
        </Form.Item>
        {outcome === 'promise-to-pay' && (
          <>
            <Form.Item
              name="promisedDate"
              label={t('desk.promisedDate')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item name="amount" label={t('desk.amount')} rules={[{ required: true }]}>
              <InputNumber min={0.01} step={0.01} />
            </Form.Item>
            <Form.Item name="currency" label={t('desk.currency')} rules={[{ required: true }]}>
              <Select
                style={{ width: 100 }}
                options={['USD', 'CNY', 'GBP', 'EUR'].map((c) => ({ value: c }))}
              />
            </Form.Item>
          </>
        )}
      </Space>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('desk.report')}
      </Button>
      {done && (
        <Alert type="success" showIcon message={t('desk.reported')} style={{ marginTop: 12 }} />
      )}
      {error !== undefined && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={error} title={t('desk.refused')} />
        </div>
      )}
    </Form>
  );
}
