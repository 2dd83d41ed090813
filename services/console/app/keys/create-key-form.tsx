/** A new key: label, role, why. Its secret is shown once, here, with a copy button. */
import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ROLES, type ApiKeyView, type Role } from '../api/types';
import { ProblemAlert } from '../common/problem-alert';

interface Values {
  label: string;
  role: Role;
  reason: string;
}

export function CreateKeyForm({ onCreated }: { readonly onCreated: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<ApiKeyView & { key: string }>('/v1/keys', {
        method: 'POST',
        body: { label: values.label.trim(), role: values.role, reason: values.reason.trim() },
      });
      form.resetFields();
      setCopied(false);
      setSecret(created.key);
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Form<Values>
        form={form}
        layout="inline"
        onFinish={(values) => void submit(values)}
        data-testid="create-key"
      >
        <Form.Item
          name="label"
          label={t('keys.label')}
          rules={[{ required: true, whitespace: true, message: t('keys.labelRequired') }]}
        >
          <Input maxLength={100} data-testid="key-label" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('keys.role')}
          rules={[{ required: true }]}
          initialValue="operator"
        >
          <Select style={{ width: 140 }} options={ROLES.map((role) => ({ value: role }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }]}
        >
          <Input maxLength={500} data-testid="key-reason" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="create-key-submit">
          {t('keys.create')}
        </Button>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
      <Modal
        open={secret !== undefined}
        title={t('keys.createdTitle')}
        onCancel={() => setSecret(undefined)}
        onOk={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
        maskClosable={false}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }} data-testid="new-key">
          <Alert type="warning" showIcon message={t('keys.createdWarning')} />
          <Typography.Text
            code
            copyable={false}
            style={{ wordBreak: 'break-all' }}
            data-testid="new-key-value"
          >
            {secret}
          </Typography.Text>
          <Button
            onClick={() => {
              if (secret) void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
            }}
          >
            {copied ? t('keys.copied') : t('keys.copy')}
          </Button>
        </Space>
      </Modal>
    </>
  );
}
