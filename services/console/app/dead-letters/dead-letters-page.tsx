/**
 * Dead letters: the records a service could not handle, counted by topic and failure reason, and
 * listed (where from, why, when; never their content: the API keeps it to itself). After a fix, a
 * letter or a whole topic-and-reason group is replayed, with the reason (the fix) in the audit.
 */
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { DeadLetter, DeadLetterCount, DeadLetterReplay } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { ReasonModal } from '../common/reason-modal';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';

interface Filter {
  readonly topic?: string;
  readonly reason?: string;
  readonly replayed?: 'true' | 'false';
  readonly limit: number;
}

/** What the replay dialog is about: one letter, or every waiting letter of a topic and reason. */
type Target =
  | { readonly kind: 'one'; readonly letter: DeadLetter }
  | { readonly kind: 'group'; readonly topic: string; readonly failureReason: string };

function listPath(filter: Filter): string {
  const query = new URLSearchParams();
  if (filter.topic) query.set('topic', filter.topic);
  if (filter.reason) query.set('reason', filter.reason);
  if (filter.replayed) query.set('replayed', filter.replayed);
  query.set('limit', String(filter.limit));
  return `/v1/dead-letters?${query.toString()}`;
}

export function DeadLettersPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<Filter>({ limit: 100 });
  const summary = useApi<{ counts: DeadLetterCount[] }>('/v1/dead-letters/summary');
  const list = useApi<{ deadLetters: DeadLetter[] }>(listPath(filter));
  const [target, setTarget] = useState<Target | undefined>(undefined);
  const [outcome, setOutcome] = useState<DeadLetterReplay | undefined>(undefined);
  const counts = summary.data?.counts ?? [];
  const topics = [...new Set(counts.map((c) => c.topic))].sort();
  const reasons = [...new Set(counts.map((c) => c.reason))].sort();

  const reload = () => {
    summary.reload();
    list.reload();
  };
  const replay = async (reason: string) => {
    if (!target) return;
    const body =
      target.kind === 'one'
        ? { ids: [target.letter.id], reason }
        : { topic: target.topic, failureReason: target.failureReason, reason };
    const answer = await api<DeadLetterReplay>('/v1/dead-letters/replay', {
      method: 'POST',
      body,
    });
    setOutcome(answer);
    void message.success(t('deadLetters.replayedCount', { count: answer.replayed }));
    reload();
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('deadLetters.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('deadLetters.hint')}
      </Typography.Paragraph>
      {outcome && (
        <Alert
          type={outcome.replayed > 0 ? 'success' : 'info'}
          showIcon
          closable
          onClose={() => setOutcome(undefined)}
          data-testid="replay-outcome"
          message={t('deadLetters.replayedCount', { count: outcome.replayed })}
          description={outcome.replayed === 0 ? t('deadLetters.nothingReplayed') : undefined}
        />
      )}
      <Card
        size="small"
        title={t('deadLetters.summary')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="dead-letters-refresh">
            {t('common.refresh')}
          </Button>
        }
      >
        {summary.error !== undefined && <ProblemAlert error={summary.error} />}
        <Table<DeadLetterCount>
          data-testid="dead-letter-summary"
          size="small"
          pagination={false}
          loading={summary.loading}
          rowKey={(row) => `${row.topic} ${row.reason}`}
          dataSource={counts}
          locale={{ emptyText: t('deadLetters.none') }}
          columns={[
            {
              title: t('deadLetters.topic'),
              dataIndex: 'topic',
              render: (v: string) => <code>{v}</code>,
            },
            {
              title: t('deadLetters.reason'),
              dataIndex: 'reason',
              render: (v: string) => <Tag>{v}</Tag>,
            },
            { title: t('deadLetters.waiting'), dataIndex: 'waiting', align: 'right' },
            { title: t('deadLetters.replayed'), dataIndex: 'replayed', align: 'right' },
            {
              title: t('deadLetters.actions'),
              key: 'actions',
              render: (_: unknown, row: DeadLetterCount) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() =>
                      setFilter({ limit: filter.limit, topic: row.topic, reason: row.reason })
                    }
                  >
                    {t('deadLetters.show')}
                  </Button>
                  <Button
                    size="small"
                    icon={<RedoOutlined />}
                    disabled={row.waiting === 0}
                    onClick={() =>
                      setTarget({ kind: 'group', topic: row.topic, failureReason: row.reason })
                    }
                    data-testid="replay-group"
                  >
                    {t('deadLetters.replayGroup', { count: row.waiting })}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('deadLetters.list')}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Form<Filter>
            layout="inline"
            key={`${filter.topic ?? ''} ${filter.reason ?? ''} ${filter.replayed ?? ''}`}
            initialValues={filter}
            onFinish={(values) =>
              setFilter({
                limit: values.limit ?? 100,
                ...(values.topic ? { topic: values.topic } : {}),
                ...(values.reason ? { reason: values.reason.trim() } : {}),
                ...(values.replayed ? { replayed: values.replayed } : {}),
              })
            }
          >
            <Form.Item name="topic" label={t('deadLetters.topic')}>
              <Select
                allowClear
                style={{ minWidth: 220 }}
                placeholder={t('deadLetters.any')}
                options={topics.map((topic) => ({ value: topic, label: topic }))}
                data-testid="filter-topic"
              />
            </Form.Item>
            <Form.Item name="reason" label={t('deadLetters.reason')}>
              <Select
                allowClear
                style={{ minWidth: 200 }}
                placeholder={t('deadLetters.any')}
                options={reasons.map((reason) => ({ value: reason, label: reason }))}
                data-testid="filter-reason"
              />
            </Form.Item>
            <Form.Item name="replayed" label={t('deadLetters.state')}>
              <Select
                allowClear
                style={{ minWidth: 140 }}
                placeholder={t('deadLetters.any')}
                options={[
                  { value: 'false', label: t('deadLetters.waiting') },
                  { value: 'true', label: t('deadLetters.replayed') },
                ]}
                data-testid="filter-replayed"
              />
            </Form.Item>
            <Form.Item name="limit" label={t('deadLetters.limit')}>
              <InputNumber min={1} max={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="filter-apply">
              {t('deadLetters.apply')}
            </Button>
          </Form>
          {list.error !== undefined && <ProblemAlert error={list.error} />}
          <Table<DeadLetter>
            data-testid="dead-letters"
            size="small"
            loading={list.loading}
            rowKey="id"
            dataSource={list.data?.deadLetters ?? []}
            locale={{ emptyText: t('deadLetters.none') }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t('deadLetters.at'),
                dataIndex: 'at',
                render: (at: string) => <Instant iso={at} />,
              },
              {
                title: t('deadLetters.topic'),
                dataIndex: 'topic',
                render: (v: string) => <code>{v}</code>,
              },
              {
                title: t('deadLetters.reason'),
                dataIndex: 'reason',
                render: (v: string) => <Tag>{v}</Tag>,
              },
              { title: t('deadLetters.detail'), dataIndex: 'detail' },
              { title: t('deadLetters.service'), dataIndex: 'service' },
              {
                title: t('deadLetters.id'),
                dataIndex: 'id',
                width: 260,
                render: (id: string) => (
                  <Typography.Text code copyable style={{ fontSize: 11 }}>
                    {id}
                  </Typography.Text>
                ),
              },
              {
                title: t('deadLetters.state'),
                key: 'state',
                render: (_: unknown, row: DeadLetter) =>
                  row.replayedAt ? (
                    <Space direction="vertical" size={0} data-testid="letter-replayed">
                      <Tag color="green">{t('deadLetters.replayed')}</Tag>
                      <Instant iso={row.replayedAt} />
                      {row.replayedBy && (
                        <Typography.Text type="secondary">
                          {t('deadLetters.by', { by: row.replayedBy })}
                        </Typography.Text>
                      )}
                    </Space>
                  ) : (
                    <Space direction="vertical" size={4}>
                      <Tag color="orange" data-testid="letter-waiting">
                        {t('deadLetters.waiting')}
                      </Tag>
                      <Button
                        size="small"
                        icon={<RedoOutlined />}
                        onClick={() => setTarget({ kind: 'one', letter: row })}
                        data-testid="replay-one"
                      >
                        {t('deadLetters.replay')}
                      </Button>
                    </Space>
                  ),
              },
            ]}
          />
        </Space>
      </Card>
      <ReasonModal
        open={target !== undefined}
        title={
          target?.kind === 'one'
            ? t('deadLetters.replayOneTitle', { topic: target.letter.topic })
            : target?.kind === 'group'
              ? t('deadLetters.replayGroupTitle', {
                  topic: target.topic,
                  reason: target.failureReason,
                })
              : ''
        }
        hint={t('deadLetters.replayHint')}
        onClose={() => setTarget(undefined)}
        onSubmit={replay}
      />
    </Space>
  );
}
