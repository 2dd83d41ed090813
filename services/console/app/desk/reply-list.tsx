/**
 * Customers' replies in their own words (a wrong party, a payment claim, a request for a call,
 * anything else): the text for the agent to read and answer, and a button to close one.
 */
import { Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { DeskReply } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';

const COLOURS: Record<DeskReply['category'], string> = {
  'wrong-party': 'red',
  'no-calls': 'volcano',
  'claims-payment': 'gold',
  'asks-for-call': 'blue',
  other: 'default',
};

export function ReplyList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const { data, error, loading, reload } = useApi<{ replies: DeskReply[] }>(
    `/v1/desk/replies?status=${status}`,
  );
  const [closing, setClosing] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  const close = async (taskId: string) => {
    setClosing(taskId);
    setFailure(undefined);
    try {
      await api(`/v1/desk/replies/${encodeURIComponent(taskId)}/close`, { method: 'POST' });
      reload();
    } catch (refused) {
      setFailure(refused);
    } finally {
      setClosing(undefined);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('desk.replies.title')}
      </Typography.Title>
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key === 'closed' ? 'closed' : 'open')}
        items={[
          { key: 'open', label: t('desk.open') },
          { key: 'closed', label: t('desk.closed') },
        ]}
      />
      {error !== undefined && <ProblemAlert error={error} />}
      {failure !== undefined && <ProblemAlert error={failure} />}
      <Table<DeskReply>
        data-testid="desk-replies"
        rowKey="taskId"
        loading={loading}
        dataSource={data?.replies ?? []}
        locale={{ emptyText: t('desk.replies.empty') }}
        columns={[
          {
            title: t('desk.replies.category'),
            render: (_, reply) => (
              <Tag color={COLOURS[reply.category]}>
                {t(`desk.replies.categories.${reply.category}`)}
              </Tag>
            ),
          },
          { title: t('desk.replies.text'), dataIndex: 'text' },
          { title: t('desk.phone'), dataIndex: 'maskedFrom' },
          {
            title: t('desk.account'),
            render: (_, reply) => (reply.accountIds.length > 0 ? reply.accountIds.join(', ') : '—'),
          },
          {
            title: t('desk.replies.received'),
            render: (_, reply) => <Instant iso={reply.receivedAt} />,
          },
          {
            title: '',
            render: (_, reply) =>
              reply.status === 'open' ? (
                <Button
                  data-testid={`close-reply-${reply.taskId}`}
                  loading={closing === reply.taskId}
                  onClick={() => void close(reply.taskId)}
                >
                  {t('desk.replies.close')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
