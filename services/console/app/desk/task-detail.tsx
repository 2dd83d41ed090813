/** One task as the agent sees it: masked numbers, the windows ahead in both zones, facts, offer. */
import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeskTask } from '../api/types';
import { formatMoney } from '../common/money';
import { formatInstant, Instant, utcText } from '../common/time';
import { OutcomeForm } from './outcome-form';

export function TaskDetail({
  task,
  onReported,
}: {
  readonly task: DeskTask;
  readonly onReported: (task: DeskTask) => void;
}) {
  const { t, i18n } = useTranslation();
  const facts = task.facts;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="task-detail">
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('desk.task')}>{task.taskId}</Descriptions.Item>
        <Descriptions.Item label={t('desk.callable')}>
          {task.callable ? (
            <Tag color="green">
              {task.callableUntil
                ? t('desk.callableUntil', {
                    time: formatInstant(task.callableUntil, i18n.language),
                  })
                : t('desk.callable')}
            </Tag>
          ) : (
            <Tag>{t('desk.notCallable')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.account')}>
          {task.maskedAccount ?? task.accountId}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.phone')}>{task.maskedPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('desk.callsLeft')}>{task.callAttemptsLeft}</Descriptions.Item>
        <Descriptions.Item label={t('desk.callsMade')}>{task.callsMade}</Descriptions.Item>
        <Descriptions.Item label={t('desk.created')}>
          <Instant iso={task.createdAt} />
        </Descriptions.Item>
        {facts?.overdueAmount && (
          <Descriptions.Item label={t('desk.overdue')}>
            {formatMoney(facts.overdueAmount, i18n.language)}
          </Descriptions.Item>
        )}
        {facts?.daysPastDue !== undefined && (
          <Descriptions.Item label={t('desk.dpd')}>{facts.daysPastDue}</Descriptions.Item>
        )}
        {facts?.stage !== undefined && (
          <Descriptions.Item label={t('desk.stage')}>{String(facts.stage)}</Descriptions.Item>
        )}
        {task.suggestedOffer !== undefined && (
          <Descriptions.Item label={t('desk.offer')}>
            <pre style={{ margin: 0, fontSize: 12 }}>
              {JSON.stringify(task.suggestedOffer, null, 2)}
            </pre>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title={t('desk.windows')}>
        <List
          size="small"
          dataSource={[...task.windows]}
          locale={{ emptyText: t('common.none') }}
          renderItem={(w) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text>
                  {t('desk.customerZone', { zone: w.zone })}:{' '}
                  {formatInstant(w.start, i18n.language, w.zone)} –{' '}
                  {formatInstant(w.end, i18n.language, w.zone)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {utcText(w.start)} – {utcText(w.end)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('desk.calls')}>
        <List
          size="small"
          dataSource={[...task.calls]}
          locale={{ emptyText: t('common.none') }}
          data-testid="task-calls"
          renderItem={(call) => (
            <List.Item>
              <Space>
                <Typography.Text>{t('desk.attempt', { attempt: call.attempt })}</Typography.Text>
                <Tag color="blue" data-testid="task-call-outcome">
                  {t(`desk.outcomes.${call.outcome}`)}
                </Tag>
                <Instant iso={call.at} />
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {task.status === 'open' && <OutcomeForm task={task} onReported={onReported} />}
    </Space>
  );
}
