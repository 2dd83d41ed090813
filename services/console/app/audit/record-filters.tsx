/** The filters of the records query and of the export: the same fields, the same names. */
import { DatePicker, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';

const CHANNELS = ['sms', 'email', 'letter', 'agent-call'] as const;

/** The filter fields, inside the caller's antd Form; test ids start with `prefix`. */
export function RecordFilterFields({ prefix }: { readonly prefix: string }) {
  const { t } = useTranslation();
  const text = (name: string, label: string, placeholder?: string) => (
    <Form.Item name={name} label={label} style={{ minWidth: 180 }}>
      <Input
        allowClear
        autoComplete="off"
        placeholder={placeholder}
        data-testid={`${prefix}-${name}`}
      />
    </Form.Item>
  );
  return (
    <>
      {text('tenantId', t('audit.filters.tenant'))}
      {text('accountId', t('audit.filters.account'))}
      <Form.Item name="channel" label={t('audit.filters.channel')} style={{ minWidth: 160 }}>
        <Select
          allowClear
          placeholder={t('audit.filters.any')}
          data-testid={`${prefix}-channel`}
          options={CHANNELS.map((channel) => ({ value: channel, label: channel }))}
        />
      </Form.Item>
      {text('type', t('audit.filters.type'), t('audit.filters.typeHint'))}
      <Form.Item name="period" label={t('audit.filters.period')}>
        <DatePicker.RangePicker
          placeholder={[t('audit.filters.from'), t('audit.filters.to')]}
          showTime
          allowEmpty={[true, true]}
          data-testid={`${prefix}-period`}
        />
      </Form.Item>
      {text('templateId', t('audit.filters.template'))}
      {text('campaignId', t('audit.filters.campaign'))}
      {text('status', t('audit.filters.status'), t('audit.filters.statusHint'))}
      {text('rule', t('audit.filters.rule'), t('audit.filters.ruleHint'))}
    </>
  );
}
