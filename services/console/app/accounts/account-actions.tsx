/**
 * What operations may do to an account (`accounts:act`): set or clear its flags, record a consent
 * the customer gave or withdrew, leave a note. Each asks why (recorded in the audit with the key);
 * a refusal shows the API's problem, its fields beside the form's own.
 */
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Typography,
  type FormInstance,
} from 'antd';
import { EditOutlined, FlagOutlined, SafetyOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import {
  CONSENT_BASES,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  FLAGS,
  type ActionAnswer,
  type ConsentChannel,
  type ConsentRecord,
  type Flag,
} from '../api/types';
import { showFieldErrors } from '../common/field-errors';
import { ProblemAlert } from '../common/problem-alert';

export interface AccountRef {
  readonly tenantId: string;
  readonly accountId: string;
}

type Action = 'flags' | 'consent' | 'note';

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]*$/;

function accountPath(account: AccountRef, what: 'flags' | 'consent' | 'notes'): string {
  return `/v1/accounts/${encodeURIComponent(account.tenantId)}/${encodeURIComponent(account.accountId)}/${what}`;
}

/** An instant as the API wants it: UTC, whole seconds, `Z`. */
function utcInstant(value: Dayjs): string {
  return value
    .toDate()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** A modal around one action's form: validates, submits, shows the problem, closes on success. */
function ActionModal<T extends object>({
  title,
  open,
  form,
  fieldNames,
  testId,
  onClose,
  onSubmit,
  children,
}: {
  readonly title: string;
  readonly open: boolean;
  readonly form: FormInstance<T>;
  readonly fieldNames: readonly string[];
  readonly testId: string;
  readonly onClose: () => void;
  readonly onSubmit: (values: T) => Promise<void>;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const close = () => {
    setError(undefined);
    onClose();
  };
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
      form.resetFields();
      close();
    } catch (failure) {
      setError(failure);
      showFieldErrors(form, failure, fieldNames);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={close}
      onOk={() => void submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnClose
      width={640}
    >
      <div data-testid={testId}>
        {children}
        {error !== undefined && <ProblemAlert error={error} />}
      </div>
    </Modal>
  );
}

interface FlagsValues {
  readonly set?: Flag[];
  readonly cleared?: Flag[];
  readonly reference?: string;
  readonly reason: string;
}

interface ConsentValues extends Omit<ConsentRecord, 'at'> {
  readonly at: Dayjs;
}

interface NoteValues {
  readonly note: string;
}

function ReasonField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={t('common.reason')}
      extra={t('common.reasonHint')}
      rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
    >
      <Input.TextArea rows={2} maxLength={500} data-testid="action-reason" />
    </Form.Item>
  );
}

export function AccountActions({
  account,
  onDone,
}: {
  readonly account: AccountRef;
  /** After an action the API took: the page reloads the timeline until its entry shows. */
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<Action | undefined>(undefined);
  const [flagsForm] = Form.useForm<FlagsValues>();
  const [consentForm] = Form.useForm<ConsentValues>();
  const [noteForm] = Form.useForm<NoteValues>();
  const channel = Form.useWatch('channel', consentForm) as ConsentChannel | undefined;
  const close = () => setOpen(undefined);
  const done = (answer: ActionAnswer) => {
    void message.success(t('actions.done', { id: answer.actionId }));
    onDone();
  };
  const flagOptions = FLAGS.map((flag) => ({ value: flag, label: t(`actions.flagNames.${flag}`) }));
  const choices = (values: readonly string[], group: string) =>
    values.map((value) => ({ value, label: t(`actions.${group}.${value}`) }));

  return (
    <Card size="small" title={t('actions.title')} data-testid="account-actions">
      <Space wrap>
        <Button icon={<FlagOutlined />} onClick={() => setOpen('flags')} data-testid="action-flags">
          {t('actions.flags')}
        </Button>
        <Button
          icon={<SafetyOutlined />}
          onClick={() => setOpen('consent')}
          data-testid="action-consent"
        >
          {t('actions.consent')}
        </Button>
        <Button icon={<EditOutlined />} onClick={() => setOpen('note')} data-testid="action-note">
          {t('actions.note')}
        </Button>
      </Space>

      <ActionModal<FlagsValues>
        title={t('actions.flagsTitle', { ...account })}
        open={open === 'flags'}
        form={flagsForm}
        fieldNames={['set', 'cleared', 'reference', 'reason']}
        testId="flags-form"
        onClose={close}
        onSubmit={async (values) => {
          const reference = values.reference?.trim();
          done(
            await api<ActionAnswer>(accountPath(account, 'flags'), {
              method: 'POST',
              body: {
                set: values.set ?? [],
                cleared: values.cleared ?? [],
                ...(reference ? { reference } : {}),
                reason: values.reason.trim(),
              },
            }),
          );
        }}
      >
        <Form form={flagsForm} layout="vertical" preserve={false}>
          <Typography.Paragraph type="secondary">{t('actions.flagsHint')}</Typography.Paragraph>
          <Form.Item
            name="set"
            label={t('actions.set')}
            dependencies={['cleared']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: Flag[]) => {
                  const cleared = (getFieldValue('cleared') as Flag[] | undefined) ?? [];
                  if ((value ?? []).length + cleared.length === 0) {
                    return Promise.reject(new Error(t('actions.flagsRequired')));
                  }
                  if ((value ?? []).some((flag) => cleared.includes(flag))) {
                    return Promise.reject(new Error(t('actions.flagsTwice')));
                  }
                  return Promise.resolve();
                },
              }),
            ]}
          >
            <Select mode="multiple" options={flagOptions} data-testid="flags-set" />
          </Form.Item>
          <Form.Item name="cleared" label={t('actions.cleared')}>
            <Select mode="multiple" options={flagOptions} data-testid="flags-cleared" />
          </Form.Item>
          <Form.Item
            name="reference"
            label={t('actions.reference')}
            extra={t('actions.referenceHint')}
            rules={[{ pattern: REFERENCE, message: t('actions.referenceInvalid') }, { max: 100 }]}
          >
            <Input data-testid="flags-reference" />
          </Form.Item>
          <ReasonField />
        </Form>
      </ActionModal>

      <ActionModal<ConsentValues>
        title={t('actions.consentTitle', { ...account })}
        open={open === 'consent'}
        form={consentForm}
        fieldNames={[
          'channel',
          'address',
          'purpose',
          'status',
          'basis',
          'source',
          'at',
          'evidenceRef',
          'reason',
        ]}
        testId="consent-form"
        onClose={close}
        onSubmit={async (values) => {
          const evidenceRef = values.evidenceRef?.trim();
          const body: ConsentRecord = {
            channel: values.channel,
            address: values.channel === 'letter' ? 'postal' : values.address.trim(),
            purpose: values.purpose,
            status: values.status,
            basis: values.basis,
            source: values.source,
            at: utcInstant(values.at),
            ...(evidenceRef ? { evidenceRef } : {}),
            reason: values.reason.trim(),
          };
          done(await api<ActionAnswer>(accountPath(account, 'consent'), { method: 'POST', body }));
        }}
      >
        <Form
          form={consentForm}
          layout="vertical"
          preserve={false}
          initialValues={{ channel: 'sms', purpose: 'marketing', status: 'revoked', at: dayjs() }}
          onValuesChange={(changed: Partial<ConsentValues>) => {
            if (changed.channel === 'letter') consentForm.setFieldsValue({ address: 'postal' });
            else if (changed.channel !== undefined) consentForm.setFieldsValue({ address: '' });
          }}
        >
          <Space wrap size="middle" align="start">
            <Form.Item name="channel" label={t('actions.channel')} rules={[{ required: true }]}>
              <Select
                style={{ width: 140 }}
                options={choices(CONSENT_CHANNELS, 'channels')}
                data-testid="consent-channel"
              />
            </Form.Item>
            <Form.Item
              name="address"
              label={t('actions.address')}
              extra={t(`actions.addressHint.${channel ?? 'sms'}`)}
              rules={[
                { required: true, whitespace: true, message: t('actions.addressRequired') },
                ...(channel === 'sms' || channel === 'voice' || channel === undefined
                  ? [{ pattern: /^\+[1-9]\d{6,14}$/, message: t('actions.phoneInvalid') }]
                  : channel === 'email'
                    ? [{ type: 'email' as const, message: t('actions.emailInvalid') }]
                    : []),
              ]}
            >
              <Input
                style={{ width: 300 }}
                disabled={channel === 'letter'}
                data-testid="consent-address"
              />
            </Form.Item>
          </Space>
          <Space wrap size="middle" align="start">
            <Form.Item name="purpose" label={t('actions.purpose')} rules={[{ required: true }]}>
              <Select
                style={{ width: 160 }}
                options={choices(CONSENT_PURPOSES, 'purposes')}
                data-testid="consent-purpose"
              />
            </Form.Item>
            <Form.Item
              name="status"
              label={t('actions.consentStatus')}
              rules={[{ required: true }]}
            >
              <Select
                style={{ width: 160 }}
                options={choices(CONSENT_STATUSES, 'statuses')}
                data-testid="consent-status"
              />
            </Form.Item>
          </Space>
          <Space wrap size="middle" align="start">
            <Form.Item name="basis" label={t('actions.basis')} rules={[{ required: true }]}>
              <Select
                style={{ width: 240 }}
                options={choices(CONSENT_BASES, 'bases')}
                data-testid="consent-basis"
              />
            </Form.Item>
            <Form.Item name="source" label={t('actions.source')} rules={[{ required: true }]}>
              <Select
                style={{ width: 240 }}
                options={choices(CONSENT_SOURCES, 'sources')}
                data-testid="consent-source"
              />
            </Form.Item>
          </Space>
          <Space wrap size="middle" align="start">
            <Form.Item
              name="at"
              label={t('actions.at')}
              extra={t('actions.atHint')}
              rules={[{ required: true }]}
            >
              <DatePicker showTime data-testid="consent-at" />
            </Form.Item>
            <Form.Item
              name="evidenceRef"
              label={t('actions.evidenceRef')}
              extra={t('actions.evidenceRefHint')}
              rules={[{ pattern: REFERENCE, message: t('actions.referenceInvalid') }, { max: 100 }]}
            >
              <Input style={{ width: 240 }} data-testid="consent-evidence" />
            </Form.Item>
          </Space>
          <ReasonField />
        </Form>
      </ActionModal>

      <ActionModal<NoteValues>
        title={t('actions.noteTitle', { ...account })}
        open={open === 'note'}
        form={noteForm}
        fieldNames={['note']}
        testId="note-form"
        onClose={close}
        onSubmit={async (values) => {
          done(
            await api<ActionAnswer>(accountPath(account, 'notes'), {
              method: 'POST',
              body: { note: values.note.trim() },
            }),
          );
        }}
      >
        <Form form={noteForm} layout="vertical" preserve={false}>
          <Form.Item
            name="note"
            label={t('actions.noteText')}
            extra={t('actions.noteHint')}
            rules={[{ required: true, whitespace: true, message: t('actions.noteRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={500} showCount data-testid="note-text" />
          </Form.Item>
        </Form>
      </ActionModal>
    </Card>
  );
}
