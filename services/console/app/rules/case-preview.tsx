/**
 * What a proposal changes, shown on the planner's example cases (made-up accounts, no customer's
 * data): each case whose decision differs, before → after. Nothing is stored or sent.
 */
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseDecision, RulePreview, TemplateRendering } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';
import { utcText } from '../common/time';

type Row = RulePreview['changed'][number];

/** Before → after, the after in bold when it differs, so the eye goes to what changed. */
function BeforeAfter({
  row,
  show,
}: {
  readonly row: Row;
  readonly show: (decision: CaseDecision) => string;
}) {
  const before = show(row.before);
  const after = show(row.after);
  const same = before === after;
  return (
    <Space size={4} wrap>
      <span>{before}</span>
      <Typography.Text type="secondary">→</Typography.Text>
      <Typography.Text strong={!same}>{after}</Typography.Text>
    </Space>
  );
}

export function CasePreview({ proposalId }: { readonly proposalId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<RulePreview | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPreview(
        await api<RulePreview>(`/v1/rules/proposals/${encodeURIComponent(proposalId)}/preview`, {
          method: 'POST',
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const text = (value: string | undefined) => value ?? '—';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          icon={<ExperimentOutlined />}
          onClick={() => void run()}
          loading={busy}
          data-testid="rule-preview"
        >
          {t('rules.preview')}
        </Button>
        <Typography.Text type="secondary">{t('rules.previewHint')}</Typography.Text>
      </Space>
      {error !== undefined && <ProblemAlert error={error} />}
      {preview?.sample && <SamplePreview sample={preview.sample} />}
      {preview && !preview.sample && (
        <div data-testid="rule-preview-result">
          <Alert
            type={preview.changed.length === 0 ? 'success' : 'warning'}
            showIcon
            style={{ marginBottom: 8 }}
            message={
              preview.changed.length === 0
                ? t('rules.noChanges', { decided: preview.decided })
                : t('rules.previewSummary', {
                    decided: preview.decided,
                    count: preview.changed.length,
                  })
            }
          />
          {preview.changed.length > 0 && (
            <Table<Row>
              data-testid="rule-changes"
              size="small"
              rowKey="caseId"
              pagination={false}
              dataSource={[...preview.changed]}
              columns={[
                {
                  title: t('rules.caseId'),
                  dataIndex: 'caseId',
                  render: (id: string) => (
                    <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                      {id}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('rules.decision'),
                  render: (_, row) => <BeforeAfter row={row} show={(d) => d.decision} />,
                },
                {
                  title: t('rules.allowedNow'),
                  render: (_, row) => (
                    <BeforeAfter
                      row={row}
                      show={(d) => (d.allowedNow ? t('rules.yes') : t('rules.no'))}
                    />
                  ),
                },
                {
                  title: t('rules.earliest'),
                  render: (_, row) => (
                    <BeforeAfter
                      row={row}
                      show={(d) =>
                        d.earliestAllowedAt === null ? '—' : utcText(d.earliestAllowedAt)
                      }
                    />
                  ),
                },
                {
                  title: t('rules.channel'),
                  render: (_, row) => (
                    <BeforeAfter
                      row={row}
                      show={(d) =>
                        d.templateId ? `${text(d.channel)} / ${d.templateId}` : text(d.channel)
                      }
                    />
                  ),
                },
                {
                  title: t('rules.reasons'),
                  render: (_, row) => (
                    <BeforeAfter
                      row={row}
                      show={(d) => (d.reasons.length === 0 ? '—' : d.reasons.join(', '))}
                    />
                  ),
                },
              ]}
            />
          )}
        </div>
      )}
    </Space>
  );
}

/** A template rendered with sample facts, in force and proposed, side by side. */
function SamplePreview({ sample }: { readonly sample: NonNullable<RulePreview['sample']> }) {
  const { t } = useTranslation();
  const shown = (rendering: TemplateRendering | undefined) => {
    if (rendering === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
    if ('error' in rendering) return <Alert type="error" showIcon message={rendering.error} />;
    return (
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{rendering.text}</pre>
        {rendering.segments !== undefined && (
          <Typography.Text type="secondary">
            {t('rules.segments', { count: rendering.segments })}
          </Typography.Text>
        )}
      </Space>
    );
  };
  return (
    <Space align="start" wrap style={{ width: '100%' }} data-testid="rule-sample">
      <Card size="small" title={t('rules.sampleBefore')} style={{ minWidth: 320, flex: 1 }}>
        {shown(sample.before)}
      </Card>
      <Card size="small" title={t('rules.sampleAfter')} style={{ minWidth: 320, flex: 1 }}>
        {sample.notRendered !== undefined ? (
          <Alert type="info" showIcon message={sample.notRendered} />
        ) : (
          shown(sample.after)
        )}
      </Card>
    </Space>
  );
}
