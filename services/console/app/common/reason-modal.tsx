/** Every write asks why: the reason goes into the audit with the key that acted. */
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './problem-alert';

export function ReasonModal({
  title,
  hint,
  open,
  onClose,
  onSubmit,
}: {
  readonly title: string;
  /** What the reason should say, when "why" alone is not enough (a replay's: the fix). */
  readonly hint?: string;
  readonly open: boolean;
  readonly onClose: () => void;
  /** Rejects with the API's problem, which the modal then shows. */
  readonly onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(reason.trim());
      form.resetFields();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnClose
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('common.reason')}
          extra={hint ?? t('common.reasonHint')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="reason" />
        </Form.Item>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
    </Modal>
  );
}
