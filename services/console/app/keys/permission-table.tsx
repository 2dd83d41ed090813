/**
 * Which role sees which page, and may do what on it: the menu's pages against the API's own
 * permission table (from `/v1/me`), so that the console holds no copy of the access rules.
 */
import { Table } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { ACTIONS, PAGES } from '../pages';

export function PermissionTable() {
  const { t } = useTranslation();
  const table = useAuth().me?.rolesByPermission ?? {};
  const rolesOf = (permission: string) => table[permission] ?? [];
  const rows = [
    ...PAGES.map((page) => ({
      key: page.path,
      page: t(`nav.${page.name}`),
      permission: page.permission,
      roles: rolesOf(page.permission),
    })),
    ...ACTIONS.map((action) => ({
      key: action.permission,
      page: t(`keys.actions.${action.name}`),
      permission: action.permission,
      roles: rolesOf(action.permission),
    })),
  ];
  return (
    <Table
      data-testid="permission-table"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('keys.page'), dataIndex: 'page' },
        { title: 'permission', dataIndex: 'permission', render: (p: string) => <code>{p}</code> },
        ...ROLES.map((role) => ({
          title: role,
          key: role,
          align: 'center' as const,
          render: (_: unknown, row: (typeof rows)[number]) =>
            row.roles.includes(role) ? <CheckOutlined style={{ color: '#52c41a' }} /> : '',
        })),
      ]}
    />
  );
}
