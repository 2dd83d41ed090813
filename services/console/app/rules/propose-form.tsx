/**
 * Propose a version: pick the kind and the rule to start from (its text in force is loaded),
 * change the text, validate it as a service would load it, and propose it with a reason.
 * Another person approves it before it is in force.
 */
import { Alert, App as AntApp, Button, Card, Form, Input, Select, Space } from 'antd';
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RuleInForce, RuleProposal, ValidRule } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { PROPOSABLE_KINDS, templateOf } from './rule-kinds';

type Outcome =
  | { readonly kind: 'valid'; readonly valid: ValidRule }
  | { readonly kind: 'failed'; readonly title: string; readonly error: unknown };

export function ProposeForm({
  rules,
  onProposed,
}: {
  readonly rules: readonly RuleInForce[];
  readonly onProposed: (proposalId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState(PROPOSABLE_KINDS[0] ?? 'policy');
  const [startFrom, setStartFrom] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'load' | 'validate' | 'propose' | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  /** Runs one call at a time; a failure is shown under the form with what was being done. */
  const attempt = async (
    what: 'load' | 'validate' | 'propose',
    title: string,
    call: () => Promise<void>,
  ) => {
    setBusy(what);
    setOutcome(undefined);
    try {
      await call();
    } catch (error) {
      setOutcome({ kind: 'failed', title, error });
    } finally {
      setBusy(undefined);
    }
  };
  const load = (ruleId: string) =>
    attempt('load', t('rules.loadFailed'), async () => {
      setStartFrom(ruleId);
      const rule = await api<RuleInForce & { text: string }>(
        `/v1/rules/in-force/${encodeURIComponent(ruleId)}`,
      );
      setText(rule.text);
    });
  /** A template proposal names the template it replaces: the one the text was loaded from. */
  const withTemplate = () => {
    const template = kind === 'template' ? templateOf(startFrom) : undefined;
    return template === undefined ? {} : { template };
  };
  const validate = () =>
    attempt('validate', t('rules.invalid'), async () => {
      const valid = await api<ValidRule>('/v1/rules/validate', {
        method: 'POST',
        body: { kind, text, ...withTemplate() },
      });
      setOutcome({ kind: 'valid', valid });
    });
  const propose = () =>
    attempt('propose', t('rules.refused'), async () => {
      const proposal = await api<RuleProposal>('/v1/rules/proposals', {
        method: 'POST',
        body: { kind, text, reason: reason.trim(), ...withTemplate() },
      });
      void message.success(t('rules.proposed', { id: proposal.proposalId }));
      setReason('');
      onProposed(proposal.proposalId);
    });

  return (
    <Card size="small" title={t('rules.propose')} data-testid="propose-form">
      <Form layout="vertical">
        <Alert type="info" showIcon message={t('rules.proposeHint')} style={{ marginBottom: 16 }} />
        <Space wrap align="start">
          <Form.Item label={t('rules.kind')}>
            <Select
              data-testid="rule-kind"
              style={{ minWidth: 160 }}
              value={kind}
              onChange={(value: string) => {
                setKind(value);
                setStartFrom(undefined);
              }}
              options={PROPOSABLE_KINDS.map((k) => ({
                value: k,
                label: t(`rules.kinds.${k}`, { defaultValue: k }),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('rules.startFrom')} extra={t('rules.startFromHint')}>
            <Select
              data-testid="rule-start"
              style={{ minWidth: 280 }}
              value={startFrom}
              placeholder={t('rules.startFromPlaceholder')}
              loading={busy === 'load'}
              showSearch
              onChange={(ruleId: string) => void load(ruleId)}
              options={rules
                .filter((rule) => rule.kind === kind)
                .map((rule) => ({ value: rule.ruleId, label: rule.ruleId }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('rules.text')} extra={t('rules.textHint')}>
          <Input.TextArea
            data-testid="rule-text"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              // A check of the text before this change says nothing about it now.
              setOutcome(undefined);
            }}
            autoSize={{ minRows: 10, maxRows: 30 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
          />
        </Form.Item>
        <Form.Item label={t('common.reason')} extra={t('common.reasonHint')}>
          <Input.TextArea
            data-testid="propose-reason"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Form.Item>
        <Space wrap>
          <Button
            icon={<CheckCircleOutlined />}
            onClick={() => void validate()}
            disabled={!text.trim()}
            loading={busy === 'validate'}
            data-testid="rule-validate"
          >
            {t('rules.validate')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => void propose()}
            disabled={!text.trim() || !reason.trim()}
            loading={busy === 'propose'}
            data-testid="rule-propose"
          >
            {t('rules.submit')}
          </Button>
        </Space>
      </Form>
      <div style={{ marginTop: 16 }}>
        {outcome?.kind === 'failed' && <ProblemAlert error={outcome.error} title={outcome.title} />}
        {outcome?.kind === 'valid' && (
          <Alert
            type="success"
            showIcon
            data-testid="rule-valid"
            message={t('rules.valid', {
              rule: outcome.valid.ruleId,
              version: outcome.valid.version,
              sha: outcome.valid.sha256.slice(0, 12),
            })}
          />
        )}
      </div>
    </Card>
  );
}
