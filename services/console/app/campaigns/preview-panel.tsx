/**
 * Paste or upload a campaign's YAML: validate it, preview what a launch would do now (segment
 * counts and rendered samples; nothing is sent) and, for who may run campaigns, launch it.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  InputNumber,
  Row,
  Space,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CampaignPreview, CampaignStatus } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ProblemAlert } from '../common/problem-alert';
import { showValue } from '../common/show-value';
import { ReasonModal } from '../common/reason-modal';
import { PreviewSamples } from './preview-samples';

type Outcome =
  | { readonly kind: 'valid'; readonly campaignId: string; readonly version: number }
  | { readonly kind: 'preview'; readonly preview: CampaignPreview }
  | { readonly kind: 'failed'; readonly error: unknown };

function CountsTable({
  title,
  counts,
}: {
  readonly title: string;
  readonly counts: Readonly<Record<string, unknown>>;
}) {
  const entries = Object.entries(counts);
  if (entries.length === 0) return null;
  return (
    <Descriptions title={title} size="small" bordered column={1}>
      {entries.map(([key, value]) => (
        <Descriptions.Item key={key} label={key}>
          {showValue(value)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export function PreviewPanel({
  onLaunched,
}: {
  readonly onLaunched: (campaignId: string) => void;
}) {
  const { t } = useTranslation();
  const { may } = useAuth();
  const [source, setSource] = useState('');
  const [samples, setSamples] = useState(1);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [launching, setLaunching] = useState(false);

  const run = async (what: 'validate' | 'preview') => {
    setBusy(true);
    try {
      if (what === 'validate') {
        const valid = await api<{ campaignId: string; version: number }>('/v1/campaigns/validate', {
          method: 'POST',
          body: { source },
        });
        setOutcome({ kind: 'valid', ...valid });
      } else {
        const preview = await api<CampaignPreview>('/v1/campaigns/preview', {
          method: 'POST',
          body: { source, samples },
        });
        setOutcome({ kind: 'preview', preview });
      }
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };
  const launch = async (reason: string) => {
    const launched = await api<CampaignStatus>('/v1/campaigns', {
      method: 'POST',
      body: { source, reason },
    });
    onLaunched(launched.campaignId);
  };

  return (
    <Card size="small" title={t('campaigns.previewTitle')} data-testid="preview-panel">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          data-testid="campaign-source"
          value={source}
          onChange={(event) => setSource(event.target.value)}
          placeholder={t('campaigns.sourceHint')}
          autoSize={{ minRows: 8, maxRows: 24 }}
          style={{ fontFamily: 'monospace' }}
        />
        <Space wrap>
          <Upload
            accept=".yaml,.yml,text/yaml"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then(setSource);
              // Read in the browser only: nothing is uploaded anywhere.
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('campaigns.upload')}</Button>
          </Upload>
          <Button
            onClick={() => void run('validate')}
            disabled={!source.trim()}
            loading={busy}
            data-testid="validate"
          >
            {t('campaigns.validate')}
          </Button>
          <Space size={4}>
            {t('campaigns.samples')}
            <InputNumber min={0} max={5} value={samples} onChange={(v) => setSamples(v ?? 1)} />
          </Space>
          <Button
            type="primary"
            onClick={() => void run('preview')}
            disabled={!source.trim()}
            loading={busy}
            data-testid="preview"
          >
            {t('campaigns.preview')}
          </Button>
          {may('campaigns:run') && (
            <Button
              danger
              disabled={!source.trim()}
              onClick={() => setLaunching(true)}
              data-testid="launch"
            >
              {t('campaigns.launch')}
            </Button>
          )}
        </Space>
        {outcome?.kind === 'failed' && (
          <ProblemAlert error={outcome.error} title={t('campaigns.invalid')} />
        )}
        {outcome?.kind === 'valid' && (
          <Alert
            type="success"
            showIcon
            data-testid="valid"
            message={t('campaigns.valid', { id: outcome.campaignId, version: outcome.version })}
          />
        )}
        {outcome?.kind === 'preview' && (
          <div data-testid="preview-result">
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <CountsTable
                  title={t('campaigns.segment')}
                  counts={{
                    ...(outcome.preview.counts ?? {}),
                    [t('campaigns.plannedNow')]: outcome.preview.plannedNow ?? 0,
                    [t('campaigns.plannedLater')]: outcome.preview.plannedLater ?? 0,
                  }}
                />
              </Col>
              <Col xs={24} lg={12}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <CountsTable
                    title={t('campaigns.suppressed')}
                    counts={outcome.preview.suppressedByReason ?? {}}
                  />
                  <CountsTable
                    title={t('campaigns.notPlanned')}
                    counts={outcome.preview.notPlannedByWhy ?? {}}
                  />
                </Space>
              </Col>
            </Row>
            {outcome.preview.samples.length === 0 ? (
              <Empty description={t('campaigns.noSamples')} />
            ) : (
              <PreviewSamples samples={outcome.preview.samples} />
            )}
          </div>
        )}
      </Space>
      <ReasonModal
        title={t('campaigns.launch')}
        open={launching}
        onClose={() => setLaunching(false)}
        onSubmit={launch}
      />
    </Card>
  );
}
