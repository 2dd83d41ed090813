import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { PAGES } from '../pages';
import { LanguageSwitch } from './language-switch';

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { me, may, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const visible = PAGES.filter((page) => may(page.permission));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={220}>
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Menu
          data-testid="nav"
          mode="inline"
          selectedKeys={[location.pathname.split('/').slice(0, 2).join('/')]}
          items={visible.map((page) => ({
            key: page.path,
            icon: page.icon,
            label: t(`nav.${page.name}`),
            onClick: () => void navigate(page.path),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            paddingInline: 24,
          }}
        >
          <Space size="middle">
            {me && (
              <span data-testid="who">
                {t('common.signedInAs', { label: me.label, role: me.role })}{' '}
                <Tag color="blue">{me.role}</Tag>
              </span>
            )}
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="logout">
              {t('app.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
