/** Every proposed version, newest first, whatever became of it; a click selects one. */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RuleProposal } from '../api/types';
import { Instant } from '../common/time';
import { PersonName, StateTag } from './rule-labels';

export function ProposalsTable({
  proposals,
  loading,
  selected,
  onSelect,
}: {
  readonly proposals: readonly RuleProposal[];
  readonly loading: boolean;
  readonly selected: string | undefined;
  readonly onSelect: (proposalId: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table<RuleProposal>
      data-testid="rule-proposals"
      size="small"
      rowKey="proposalId"
      loading={loading}
      dataSource={[...proposals]}
      locale={{ emptyText: t('common.none') }}
      onRow={(p) => ({ onClick: () => onSelect(p.proposalId), style: { cursor: 'pointer' } })}
      rowClassName={(p) => (p.proposalId === selected ? 'ant-table-row-selected' : '')}
      columns={[
        {
          title: t('rules.proposalId'),
          dataIndex: 'proposalId',
          render: (id: string) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {id}
            </Typography.Text>
          ),
        },
        {
          title: t('rules.ruleId'),
          dataIndex: 'ruleId',
          render: (id: string) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {id}
            </Typography.Text>
          ),
        },
        { title: t('rules.version'), dataIndex: 'version', align: 'right' },
        {
          title: t('rules.state'),
          dataIndex: 'state',
          render: (s: string) => <StateTag state={s} />,
        },
        {
          title: t('rules.proposedBy'),
          render: (_, p) => (
            <>
              <PersonName person={p.proposedBy} />
              <br />
              <Instant iso={p.proposedAt} />
            </>
          ),
        },
        {
          title: t('rules.decidedBy'),
          render: (_, p) =>
            p.decidedBy && (
              <>
                <PersonName person={p.decidedBy} />
                {p.decidedAt && (
                  <>
                    <br />
                    <Instant iso={p.decidedAt} />
                  </>
                )}
              </>
            ),
        },
      ]}
    />
  );
}
