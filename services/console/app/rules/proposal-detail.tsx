/**
 * One proposal: why, by whom, its diff against the version in force now, what it changes in the
 * example cases, and approve / reject for a key that may (never the proposer's: the API refuses
 * that, and the modal shows its refusal).
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RuleProposal, RuleProposalDetail } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ProblemAlert } from '../common/problem-alert';
import { ReasonModal } from '../common/reason-modal';
import { Instant } from '../common/time';
import { useApi } from '../common/use-api';
import { CasePreview } from './case-preview';
import { RuleDiff } from './rule-diff';
import { isProposer } from './proposer';
import { KindTag, PersonName, ShortHash, StateTag } from './rule-labels';

type Decision = 'approve' | 'reject';

export function ProposalDetail({
  proposalId,
  onDecided,
}: {
  readonly proposalId: string;
  readonly onDecided: () => void;
}) {
  const { t } = useTranslation();
  const { me, may } = useAuth();
  const { message } = AntApp.useApp();
  const path = `/v1/rules/proposals/${encodeURIComponent(proposalId)}`;
  const { data, error, reload } = useApi<RuleProposalDetail>(path);
  const [deciding, setDeciding] = useState<Decision | undefined>(undefined);
  const decide = async (reason: string) => {
    if (!deciding) return;
    const decided = await api<RuleProposal>(`${path}/${deciding}`, {
      method: 'POST',
      body: { reason },
    });
    void message.success(
      t('rules.decided', {
        id: proposalId,
        state: t(`rules.states.${decided.state}`, { defaultValue: decided.state }),
      }),
    );
    reload();
    onDecided();
  };
  const open = data?.state === 'proposed';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="rule-proposal">
      {error !== undefined && <ProblemAlert error={error} />}
      {data && (
        <Card
          size="small"
          title={t('rules.detailTitle', { id: data.proposalId, rule: data.ruleId })}
          extra={
            open &&
            may('rules:approve') && (
              <Space>
                <Button type="primary" onClick={() => setDeciding('approve')} data-testid="approve">
                  {t('rules.approve')}
                </Button>
                <Button danger onClick={() => setDeciding('reject')} data-testid="reject">
                  {t('rules.reject')}
                </Button>
              </Space>
            )
          }
        >
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {open && isProposer(me, data.proposedBy) && (
              <Alert type="info" showIcon message={t('rules.ownProposal')} />
            )}
            <Descriptions size="small" bordered column={2}>
              <Descriptions.Item label={t('rules.ruleId')}>
                <code>{data.ruleId}</code> <KindTag kind={data.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rules.version')}>{data.version}</Descriptions.Item>
              <Descriptions.Item label={t('rules.state')}>
                <StateTag state={data.state} />
              </Descriptions.Item>
              <Descriptions.Item label="SHA-256">
                <ShortHash sha256={data.sha256} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rules.proposedBy')}>
                <PersonName person={data.proposedBy} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rules.proposedAt')}>
                <Instant iso={data.proposedAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('common.reason')} span={2}>
                <span data-testid="proposal-reason">{data.reason}</span>
              </Descriptions.Item>
              {open && (
                // Only an open proposal's basis matters: a decided one's is history (an approved
                // one is itself the version in force).
                <Descriptions.Item label={t('rules.basis')} span={2}>
                  {data.basedOnInForce ? (
                    <Tag color="green" data-testid="based-on-in-force">
                      {t('rules.basedOn')}
                    </Tag>
                  ) : (
                    <Tag color="orange" data-testid="not-based-on-in-force">
                      {t('rules.notBasedOn')}
                    </Tag>
                  )}
                </Descriptions.Item>
              )}
              {data.decidedBy && (
                <>
                  <Descriptions.Item label={t('rules.decidedBy')}>
                    <PersonName person={data.decidedBy} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('rules.decidedAt')}>
                    {data.decidedAt && <Instant iso={data.decidedAt} />}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('rules.decisionReason')} span={2}>
                    {data.decisionReason}
                  </Descriptions.Item>
                </>
              )}
            </Descriptions>
            <Card size="small" type="inner" title={t('rules.diff')}>
              <RuleDiff diff={data.diff} />
            </Card>
            <Card size="small" type="inner" title={t('rules.previewTitle')}>
              <CasePreview proposalId={data.proposalId} />
            </Card>
          </Space>
        </Card>
      )}
      <ReasonModal
        title={
          deciding && data
            ? t('rules.decideTitle', {
                action: t(`rules.${deciding}`),
                id: data.proposalId,
                rule: data.ruleId,
                version: data.version,
              })
            : ''
        }
        hint={deciding === 'approve' ? t('rules.approveHint') : undefined}
        open={deciding !== undefined}
        onClose={() => setDeciding(undefined)}
        onSubmit={decide}
      />
    </Space>
  );
}
