/**
 * A kept message's content, for those allowed to read it (`accounts:content`): the button asks
 * why first, the API records the viewing in the audit with that reason, and the dialog shows the
 * text as it was sent. Nothing of it is kept in the page after the dialog closes.
 */
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { MessageContentView } from '../api/types';
import { ReasonModal } from '../common/reason-modal';
import { Instant } from '../common/time';

export interface MessageRef {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
}

function contentPath(ref: MessageRef): string {
  const part = (value: string) => encodeURIComponent(value);
  return `/v1/accounts/${part(ref.tenantId)}/${part(ref.accountId)}/messages/${part(ref.messageId)}/content`;
}

function ContentBody({ view }: { readonly view: MessageContentView }) {
  const { t } = useTranslation();
  const content = view.content;
  if ('body' in content) {
    return (
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('accounts.contentSms')}>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
            data-testid="content-text"
          >
            {content.body}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
    );
  }
  if ('subject' in content) {
    return (
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('accounts.contentSubject')}>
          {content.subject}
        </Descriptions.Item>
        <Descriptions.Item label={t('accounts.contentEmailText')}>
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
            data-testid="content-text"
          >
            {content.text}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="HTML">
          {/* No scripts, no forms, no navigation: the e-mail's HTML is shown, never run. */}
          <iframe
            title={view.messageId}
            sandbox=""
            srcDoc={content.html}
            style={{ width: '100%', height: 320, border: '1px solid #f0f0f0' }}
          />
        </Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <Typography.Text>{t('accounts.contentLetterPages', { pages: content.pages })}</Typography.Text>
  );
}

export function MessageContentButton({ message }: { readonly message: MessageRef }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [view, setView] = useState<MessageContentView | undefined>(undefined);
  const open = async (reason: string) => {
    setView(
      await api<MessageContentView>(contentPath(message), { method: 'POST', body: { reason } }),
    );
  };
  return (
    <>
      <Button
        size="small"
        icon={<EyeOutlined />}
        onClick={() => setAsking(true)}
        data-testid="open-content"
      >
        {t('accounts.openContent')}
      </Button>
      <ReasonModal
        title={t('accounts.contentReasonTitle')}
        hint={t('accounts.contentReasonHint')}
        open={asking}
        onClose={() => setAsking(false)}
        onSubmit={open}
      />
      <Modal
        title={t('accounts.contentTitle', { id: message.messageId })}
        open={view !== undefined}
        onCancel={() => setView(undefined)}
        footer={<Button onClick={() => setView(undefined)}>{t('accounts.close')}</Button>}
        width={720}
        destroyOnClose
      >
        {view !== undefined && (
          <div data-testid="message-content">
            <Typography.Paragraph type="secondary">
              {t('accounts.contentRendered')}: <Instant iso={view.renderedAt} />
            </Typography.Paragraph>
            <ContentBody view={view} />
            <Alert
              style={{ marginTop: 12 }}
              type="info"
              showIcon
              message={t('accounts.contentRecorded', { id: view.actionId })}
            />
          </div>
        )}
      </Modal>
    </>
  );
}
