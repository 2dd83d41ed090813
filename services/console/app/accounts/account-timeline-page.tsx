import { Button, Card, Empty, Form, Input, Space, Timeline, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Timeline as TimelineAnswer, TimelineEntry } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ProblemAlert } from '../common/problem-alert';
import { AccountActions } from './account-actions';
import { TimelineEntryView } from './timeline-entry';

const PAGE = 200;
/** The audit chains an action's event within a second or two: look that long, and a bit more. */
const WAIT_ROUNDS = 15;
const WAIT_INTERVAL_MS = 1_000;

interface Query {
  readonly tenantId: string;
  readonly accountId: string;
}

function timelinePath(query: Query, afterSeq?: number): string {
  const base = `/v1/accounts/${encodeURIComponent(query.tenantId)}/${encodeURIComponent(query.accountId)}/timeline?limit=${PAGE}`;
  return afterSeq === undefined ? base : `${base}&afterSeq=${afterSeq}`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function AccountTimelinePage() {
  const { t } = useTranslation();
  const { may } = useAuth();
  const [query, setQuery] = useState<Query | undefined>(undefined);
  const [entries, setEntries] = useState<readonly TimelineEntry[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // The wait for an action's entry stops when the page goes or another account is shown.
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const load = async (next: Query, afterSeq?: number) => {
    if (afterSeq === undefined) generation.current += 1;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<TimelineAnswer>(timelinePath(next, afterSeq));
      setEntries((kept) =>
        afterSeq === undefined ? answer.entries : [...kept, ...answer.entries],
      );
      setMore(answer.more);
      setQuery(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const last = entries[entries.length - 1];

  /** After an action: read what follows the last entry shown until the new ones arrive. */
  const awaitNewEntries = async (account: Query, afterSeq: number | undefined) => {
    const mine = ++generation.current;
    setWaiting(true);
    try {
      // An action makes one or two entries (the action, and the event it became, which the audit
      // may chain a moment apart): after the first arrives, look twice more, then stop.
      let quiet: number | undefined;
      for (let round = 0; round < WAIT_ROUNDS && (quiet ?? 0) < 2; round += 1) {
        await pause(WAIT_INTERVAL_MS);
        if (generation.current !== mine) return;
        const answer = await api<TimelineAnswer>(timelinePath(account, afterSeq));
        if (generation.current !== mine) return;
        const newest = answer.entries[answer.entries.length - 1];
        if (newest === undefined) {
          if (quiet !== undefined) quiet += 1;
          continue;
        }
        setEntries((kept) => [...kept, ...answer.entries]);
        setMore(answer.more);
        afterSeq = newest.seq;
        quiet = 0;
      }
    } catch (failure) {
      if (generation.current === mine) setError(failure);
    } finally {
      if (generation.current === mine) setWaiting(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('accounts.title')}
      </Typography.Title>
      <Card size="small">
        <Form
          layout="inline"
          onFinish={(values: Query) =>
            void load({ tenantId: values.tenantId.trim(), accountId: values.accountId.trim() })
          }
        >
          <Form.Item
            name="tenantId"
            label={t('accounts.tenant')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="tenant-id" />
          </Form.Item>
          <Form.Item
            name="accountId"
            label={t('accounts.account')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="account-id" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="show-timeline">
            {t('accounts.show')}
          </Button>
        </Form>
      </Card>
      {error !== undefined && <ProblemAlert error={error} />}
      {query !== undefined && may('accounts:act') && (
        <AccountActions
          key={`${query.tenantId}/${query.accountId}`}
          account={query}
          onDone={() => void awaitNewEntries(query, last?.seq)}
        />
      )}
      {query !== undefined && (
        <Card
          size="small"
          title={`${query.tenantId} / ${query.accountId}`}
          data-testid="timeline"
          extra={
            <Space>
              {waiting && (
                <Typography.Text type="secondary" data-testid="timeline-waiting">
                  {t('accounts.waiting')}
                </Typography.Text>
              )}
              <Button
                icon={<ReloadOutlined />}
                loading={busy}
                onClick={() => void load(query)}
                data-testid="timeline-refresh"
              >
                {t('common.refresh')}
              </Button>
            </Space>
          }
        >
          {entries.length === 0 ? (
            <Empty description={t('accounts.empty')} />
          ) : (
            <>
              <Typography.Paragraph type="secondary">
                {t('accounts.count', { count: entries.length })}
              </Typography.Paragraph>
              <Timeline
                items={entries.map((entry) => ({
                  key: entry.seq,
                  color: entry.sealed ? 'gray' : 'blue',
                  children: <TimelineEntryView entry={entry} account={query} />,
                }))}
              />
            </>
          )}
          {more && last !== undefined && (
            <Button
              onClick={() => void load(query, last.seq)}
              loading={busy}
              data-testid="load-more"
            >
              {t('accounts.more')}
            </Button>
          )}
        </Card>
      )}
    </Space>
  );
}
