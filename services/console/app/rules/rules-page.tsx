/**
 * Policy and strategy versions: what is in force, the proposals and what each changes, approval
 * by a second person, and a form to propose a version. What a key may do here (propose, approve)
 * follows its permissions from `/v1/me`; the API checks each call again.
 */
import { Button, Card, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleInForce, RuleProposal } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ProblemAlert } from '../common/problem-alert';
import { useApi } from '../common/use-api';
import { InForceTable } from './in-force-table';
import { ProposalDetail } from './proposal-detail';
import { ProposalsTable } from './proposals-table';
import { ProposeForm } from './propose-form';

export function RulesPage() {
  const { t } = useTranslation();
  const { may } = useAuth();
  const inForce = useApi<{ rules: RuleInForce[] }>('/v1/rules');
  const proposals = useApi<{ proposals: RuleProposal[] }>('/v1/rules/proposals');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const { reload: reloadInForce } = inForce;
  const { reload: reloadProposals } = proposals;
  const reload = useCallback(() => {
    reloadInForce();
    reloadProposals();
  }, [reloadInForce, reloadProposals]);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('rules.title')}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={reload}
          loading={inForce.loading || proposals.loading}
          data-testid="rules-refresh"
        >
          {t('common.refresh')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('rules.hint')}
      </Typography.Paragraph>
      <Card size="small" title={t('rules.inForce')}>
        {inForce.error !== undefined && <ProblemAlert error={inForce.error} />}
        <InForceTable rules={inForce.data?.rules ?? []} loading={inForce.loading} />
      </Card>
      <Card size="small" title={t('rules.proposals')}>
        {proposals.error !== undefined && <ProblemAlert error={proposals.error} />}
        <ProposalsTable
          proposals={proposals.data?.proposals ?? []}
          loading={proposals.loading}
          selected={selected}
          onSelect={setSelected}
        />
      </Card>
      {selected === undefined ? (
        <Typography.Text type="secondary">{t('rules.select')}</Typography.Text>
      ) : (
        <ProposalDetail key={selected} proposalId={selected} onDecided={reload} />
      )}
      {may('rules:propose') && (
        <ProposeForm
          rules={inForce.data?.rules ?? []}
          onProposed={(proposalId) => {
            reload();
            setSelected(proposalId);
          }}
        />
      )}
    </Space>
  );
}
