import { Button, Card, Empty, Form, Input, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Timeline as TimelineAnswer, TimelineEntry } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { TimelineEntryView } from './timeline-entry';

const PAGE = 200;

interface Query {
  readonly tenantId: string;
  readonly accountId: string;
}

function timelinePath(query: Query, afterSeq?: number): string {
  const base = `/v1/accounts/${encodeURIComponent(query.tenantId)}/${encodeURIComponent(query.accountId)}/timeline?limit=${PAGE}`;
  return afterSeq === undefined ? base : `${base}&afterSeq=${afterSeq}`;
}

export function AccountTimelinePage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<Query | undefined>(undefined);
  const [entries, setEntries] = useState<readonly TimelineEntry[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const load = async (next: Query, afterSeq?: number) => {
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
      {query !== undefined && (
        <Card size="small" title={`${query.tenantId} / ${query.accountId}`} data-testid="timeline">
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
                  children: <TimelineEntryView entry={entry} />,
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
