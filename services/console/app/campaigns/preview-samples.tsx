/** The preview's samples: each variant's message as the renderer would be asked to write it. */
import { Card, Collapse, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PreviewSample } from '../api/types';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function PreviewSamples({ samples }: { readonly samples: readonly PreviewSample[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('campaigns.sampleList')} style={{ marginTop: 16 }}>
      <Collapse
        items={samples.map((sample, i) => {
          const message = sample.message ?? {};
          const channel = text(message['channel']);
          const template = text(message['templateId']) ?? text(message['template']);
          return {
            key: String(i),
            label: (
              <Space wrap>
                {sample.variant !== undefined && (
                  <Tag color="purple">{t('campaigns.variant', { variant: sample.variant })}</Tag>
                )}
                {channel && <Tag color="geekblue">{`${t('campaigns.channel')}: ${channel}`}</Tag>}
                {template && <Tag>{`${t('campaigns.template')}: ${template}`}</Tag>}
              </Space>
            ),
            children: (
              <pre style={{ margin: 0, fontSize: 12, maxHeight: 400, overflow: 'auto' }}>
                {JSON.stringify(sample, null, 2)}
              </pre>
            ),
          };
        })}
      />
    </Card>
  );
}
