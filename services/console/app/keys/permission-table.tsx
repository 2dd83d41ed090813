/** Which role sees which page, and may do what on it: made from the same lists as the menu. */
import { Table } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../api/types';
import { ACTIONS, PAGES, ROLES_BY_PERMISSION } from '../pages';

export function PermissionTable() {
  const { t } = useTranslation();
  const rows = [
    ...PAGES.map((page) => ({
      key: page.path,
      page: t(`nav.${page.name}`),
      permission: page.permission,
      roles: ROLES_BY_PERMISSION[page.permission],
    })),
    ...ACTIONS.map((action) => ({
      key: action.permission,
      page: t(`keys.actions.${action.name}`),
      permission: action.permission,
      roles: ROLES_BY_PERMISSION[action.permission],
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
