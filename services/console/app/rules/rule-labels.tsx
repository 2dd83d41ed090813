/**
 * How a rule's kind, source and a proposal's state read: in the user's language where the texts
 * know the value, else as the API names it (a kind added to the API later still shows).
 */
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '../api/types';

const SOURCE_COLOR: Readonly<Record<string, string>> = { shipped: 'default', approved: 'green' };
const STATE_COLOR: Readonly<Record<string, string>> = {
  proposed: 'processing',
  approved: 'green',
  rejected: 'red',
  superseded: 'orange',
};

export function KindTag({ kind }: { readonly kind: string }) {
  const { t } = useTranslation();
  return <Tag color="geekblue">{t(`rules.kinds.${kind}`, { defaultValue: kind })}</Tag>;
}

export function SourceTag({ source }: { readonly source: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={SOURCE_COLOR[source] ?? 'default'} data-testid="rule-source">
      {t(`rules.sources.${source}`, { defaultValue: source })}
    </Tag>
  );
}

export function StateTag({ state }: { readonly state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state] ?? 'default'} data-testid="proposal-state">
      {t(`rules.states.${state}`, { defaultValue: state })}
    </Tag>
  );
}

/** The name on the key, and the key: two people are two keys with two names. */
export function PersonName({ person }: { readonly person: Person | undefined }) {
  if (person === undefined) return null;
  return (
    <span>
      {person.label} <Typography.Text type="secondary">({person.keyId})</Typography.Text>
    </span>
  );
}

/** A hash's first characters: enough to tell versions apart; the whole one on hover. */
export function ShortHash({ sha256 }: { readonly sha256: string }) {
  return (
    <Typography.Text code title={sha256} style={{ whiteSpace: 'nowrap' }}>
      {sha256.slice(0, 12)}
    </Typography.Text>
  );
}
