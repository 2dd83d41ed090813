import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { ProblemAlert } from '../common/problem-alert';
import { LanguageSwitch } from '../layout/language-switch';
import { useAuth } from './auth-context';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, signIn } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  if (me) return <Navigate to="/" replace />;
  const submit = async ({ key }: { key: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(key.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{ display: 'grid', placeItems: 'center', minHeight: '100vh', background: '#f5f5f5' }}
    >
      <Card style={{ width: 440 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.hint')}</Typography.Paragraph>
          <Form layout="vertical" onFinish={(values: { key: string }) => void submit(values)}>
            <Form.Item
              name="key"
              label={t('login.key')}
              rules={[{ required: true, whitespace: true, message: t('login.required') }]}
            >
              <Input.Password autoComplete="off" data-testid="api-key" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block data-testid="sign-in">
              {t('login.submit')}
            </Button>
          </Form>
          {error !== undefined && <ProblemAlert error={error} title={t('login.refused')} />}
        </Space>
      </Card>
    </div>
  );
}
