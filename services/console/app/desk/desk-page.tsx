import { Button, Drawer, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskTask } from '../api/types';
import { formatInstant } from '../common/time';
import { ProblemAlert } from '../common/problem-alert';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';
import { useReloadAt } from './reload-at';
import { ReplyList } from './reply-list';
import { TaskDetail } from './task-detail';

/** The callable tasks first (the API orders them so too), each group in the API's order. */
function callableFirst(tasks: readonly DeskTask[]): DeskTask[] {
  return [...tasks.filter((task) => task.callable), ...tasks.filter((task) => !task.callable)];
}

export function DeskPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [callableOnly, setCallableOnly] = useState(false);
  const filter = status === 'open' && callableOnly ? '&callable=now' : '';
  const { data, error, loading, reload } = useApi<{ tasks: DeskTask[] }>(
    `/v1/desk/tasks?status=${status}${filter}`,
  );
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const detail = useApi<DeskTask>(
    selected === undefined ? null : `/v1/desk/tasks/${encodeURIComponent(selected)}`,
  );
  // Asked again when a task's window closes, so its "callable until" does not outlive it.
  useReloadAt(
    (data?.tasks ?? []).map((task) => task.callableUntil),
    reload,
  );
  useReloadAt([detail.data?.callableUntil], detail.reload);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('desk.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {t('common.refresh')}
        </Button>
      </Space>
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key === 'closed' ? 'closed' : 'open')}
        items={[
          { key: 'open', label: t('desk.open') },
          { key: 'closed', label: t('desk.closed') },
        ]}
        tabBarExtraContent={
          status === 'open' && (
            <Space>
              <Switch
                checked={callableOnly}
                onChange={setCallableOnly}
                data-testid="callable-only"
              />
              <Typography.Text>{t('desk.callableOnly')}</Typography.Text>
            </Space>
          )
        }
      />
      {error !== undefined && <ProblemAlert error={error} />}
      <Table<DeskTask>
        data-testid="desk-tasks"
        rowKey="taskId"
        loading={loading}
        dataSource={callableFirst(data?.tasks ?? [])}
        locale={{ emptyText: t('desk.empty') }}
        onRow={(task) => ({
          onClick: () => setSelected(task.taskId),
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: t('desk.callable'),
            render: (_, task) =>
              task.callable ? (
                <Tag color="green" data-testid="task-callable">
                  {task.callableUntil
                    ? t('desk.callableUntil', {
                        time: formatInstant(task.callableUntil, i18n.language),
                      })
                    : t('desk.callable')}
                </Tag>
              ) : (
                <Tag data-testid="task-not-callable">{t('desk.notCallable')}</Tag>
              ),
          },
          { title: t('desk.task'), dataIndex: 'taskId' },
          { title: t('desk.account'), render: (_, task) => task.maskedAccount ?? task.accountId },
          { title: t('desk.phone'), render: (_, task) => task.maskedPhone ?? '—' },
          {
            title: t('desk.windows'),
            render: (_, task) => (task.windows[0] ? <Instant iso={task.windows[0].start} /> : '—'),
          },
          {
            title: t('desk.callsLeft'),
            dataIndex: 'callAttemptsLeft',
            render: (left: number) => <Tag color={left > 0 ? 'green' : 'default'}>{left}</Tag>,
          },
          {
            title: t('desk.lastOutcome'),
            render: (_, task) => {
              const last = task.calls[task.calls.length - 1];
              return last === undefined ? (
                '—'
              ) : (
                <span data-testid="task-last-outcome">{t(`desk.outcomes.${last.outcome}`)}</span>
              );
            },
          },
        ]}
      />
      <ReplyList />
      <Drawer
        width={640}
        open={selected !== undefined}
        onClose={() => setSelected(undefined)}
        title={t('desk.task')}
        destroyOnClose
      >
        {detail.error !== undefined && <ProblemAlert error={detail.error} />}
        {detail.data && (
          <TaskDetail
            task={detail.data}
            onReported={() => {
              detail.reload();
              reload();
            }}
          />
        )}
      </Drawer>
    </Space>
  );
}
