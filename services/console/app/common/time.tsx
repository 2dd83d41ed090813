/**
 * Instants shown twice where it matters: in the viewer's own zone and in UTC (the API's), and for
 * a customer's call window in the customer's zone too. Intl does the zones; no library needed.
 */
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function formatInstant(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

export function utcText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An instant in the viewer's zone, with UTC beside it. */
export function Instant({ iso }: { readonly iso: string }) {
  const { i18n } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{formatInstant(iso, i18n.language)}</span>
      <Typography.Text type="secondary">({utcText(iso)})</Typography.Text>
    </Space>
  );
}
