/**
 * What is in force for each rule: the shipped file, or the version last approved (by whom). Kinds
 * and sources are filters made from the rules listed, so a kind the API adds is one more filter.
 */
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RuleInForce } from '../api/types';
import { Instant } from '../common/time';
import { KindTag, PersonName, ShortHash, SourceTag } from './rule-labels';

export function InForceTable({
  rules,
  loading,
}: {
  readonly rules: readonly RuleInForce[];
  readonly loading: boolean;
}) {
  const { t } = useTranslation();
  const valuesOf = (read: (rule: RuleInForce) => string, label: (value: string) => string) =>
    [...new Set(rules.map(read))].map((value) => ({ text: label(value), value }));
  return (
    <Table<RuleInForce>
      data-testid="rules-in-force"
      size="small"
      rowKey="ruleId"
      pagination={{ defaultPageSize: 10, hideOnSinglePage: true, showSizeChanger: true }}
      loading={loading}
      dataSource={[...rules]}
      locale={{ emptyText: t('common.none') }}
      columns={[
        {
          title: t('rules.ruleId'),
          dataIndex: 'ruleId',
          render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
        },
        {
          title: t('rules.kind'),
          dataIndex: 'kind',
          render: (k: string) => <KindTag kind={k} />,
          filters: valuesOf(
            (rule) => rule.kind,
            (kind) => t(`rules.kinds.${kind}`, { defaultValue: kind }),
          ),
          onFilter: (kind, rule) => rule.kind === kind,
        },
        { title: t('rules.version'), dataIndex: 'version', align: 'right' },
        {
          title: t('rules.source'),
          dataIndex: 'source',
          render: (s: string) => <SourceTag source={s} />,
          filters: valuesOf(
            (rule) => rule.source,
            (source) => t(`rules.sources.${source}`, { defaultValue: source }),
          ),
          onFilter: (source, rule) => rule.source === source,
        },
        {
          title: 'SHA-256',
          dataIndex: 'sha256',
          render: (sha: string) => <ShortHash sha256={sha} />,
        },
        {
          title: t('rules.approvedBy'),
          render: (_, rule) => <PersonName person={rule.approvedBy} />,
        },
        {
          title: t('rules.approvedAt'),
          dataIndex: 'approvedAt',
          render: (at: string | undefined) => at && <Instant iso={at} />,
        },
      ]}
    />
  );
}
