/** One audit record of an account: what happened, when (yours and UTC), why, on which channel. */
import { Collapse, Space, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { Instant } from '../common/time';
import { MessageContentButton } from './message-content';

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[name]
    : undefined;
}

/** Reasons, status and channel sit at the payload's top level or one level down (a decision's). */
function pick(payload: unknown, name: string): unknown {
  const direct = field(payload, name);
  if (direct !== undefined) return direct;
  for (const nested of ['decision', 'message', 'outcome', 'plan']) {
    const found = field(field(payload, nested), name);
    if (found !== undefined) return found;
  }
  return undefined;
}

const texts = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    : typeof value === 'string'
      ? [value]
      : [];

export function TimelineEntryView({
  entry,
  account,
}: {
  readonly entry: TimelineEntry;
  /** The account the entry is of: a sealed message's content is opened by it. */
  readonly account: { readonly tenantId: string; readonly accountId: string };
}) {
  const { t } = useTranslation();
  const { may } = useAuth();
  const messageId = field(entry.payload, 'messageId');
  const reasons = texts(pick(entry.payload, 'reasons'));
  const status = texts(pick(entry.payload, 'status'));
  const channel = texts(pick(entry.payload, 'channel'));
  // An account.status: the flags set and cleared.
  const set = texts(field(entry.payload, 'set'));
  const cleared = texts(field(entry.payload, 'cleared'));
  return (
    <Space direction="vertical" size={2} data-testid="timeline-entry">
      <Space wrap>
        <Typography.Text strong>{entry.type}</Typography.Text>
        <Typography.Text type="secondary">{t('accounts.seq', { seq: entry.seq })}</Typography.Text>
        {channel.map((c) => (
          <Tag key={c} color="geekblue">
            {t('accounts.channel')}: {c}
          </Tag>
        ))}
        {status.map((s) => (
          <Tag key={s} color="green">
            {t('accounts.status')}: {s}
          </Tag>
        ))}
        {set.map((flag) => (
          <Tag key={`set ${flag}`} color="red">
            {t('accounts.flagSet')}: {flag}
          </Tag>
        ))}
        {cleared.map((flag) => (
          <Tag key={`cleared ${flag}`} color="cyan">
            {t('accounts.flagCleared')}: {flag}
          </Tag>
        ))}
        {entry.sealed && (
          <Tag icon={<LockOutlined />} title={t('accounts.sealedHint')}>
            {t('accounts.sealed')}
          </Tag>
        )}
        {entry.sealed && typeof messageId === 'string' && may('accounts:content') && (
          <MessageContentButton message={{ ...account, messageId }} />
        )}
      </Space>
      <Space size={4}>
        <Typography.Text type="secondary">{t('accounts.occurred')}:</Typography.Text>
        <Instant iso={entry.occurredAt} />
      </Space>
      <Space size={4}>
        <Typography.Text type="secondary">{t('accounts.recorded')}:</Typography.Text>
        <Instant iso={entry.recordedAt} />
      </Space>
      {reasons.length > 0 && (
        <Space size={4} wrap>
          <Typography.Text type="secondary">{t('accounts.reasons')}:</Typography.Text>
          {reasons.map((r) => (
            <Tag key={r} color="orange">
              {r}
            </Tag>
          ))}
        </Space>
      )}
      {entry.payload !== undefined && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'payload',
              label: t('accounts.payload'),
              children: (
                <pre style={{ margin: 0, maxWidth: 720, overflowX: 'auto', fontSize: 12 }}>
                  {JSON.stringify(entry.payload, null, 2)}
                </pre>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
