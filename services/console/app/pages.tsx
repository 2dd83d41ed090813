/**
 * The console's pages and the permission each needs: the menu, the routes and the settings page's
 * table are all made from this one list.
 */
import type { ReactNode } from 'react';
import {
  AuditOutlined,
  InboxOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileProtectOutlined,
  KeyOutlined,
  NotificationOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import type { Permission } from './api/types';
import { AccountTimelinePage } from './accounts/account-timeline-page';
import { AuditPage } from './audit/audit-page';
import { CampaignsPage } from './campaigns/campaigns-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { DeadLettersPage } from './dead-letters/dead-letters-page';
import { DeskPage } from './desk/desk-page';
import { KeysPage } from './keys/keys-page';
import { RulesPage } from './rules/rules-page';

export interface ConsolePage {
  readonly path: string;
  /** The key under `nav.` in the texts. */
  readonly name:
    'dashboard' | 'accounts' | 'deadLetters' | 'desk' | 'campaigns' | 'rules' | 'audit' | 'keys';
  readonly permission: Permission;
  readonly icon: ReactNode;
  readonly element: ReactNode;
}

export const PAGES: readonly ConsolePage[] = [
  {
    path: '/dashboard',
    name: 'dashboard',
    permission: 'dashboard:read',
    icon: <DashboardOutlined />,
    element: <DashboardPage />,
  },
  {
    path: '/accounts',
    name: 'accounts',
    permission: 'accounts:read',
    icon: <FieldTimeOutlined />,
    element: <AccountTimelinePage />,
  },
  {
    path: '/dead-letters',
    name: 'deadLetters',
    permission: 'dead-letters:manage',
    icon: <InboxOutlined />,
    element: <DeadLettersPage />,
  },
  {
    path: '/desk',
    name: 'desk',
    permission: 'desk:work',
    icon: <PhoneOutlined />,
    element: <DeskPage />,
  },
  {
    path: '/campaigns',
    name: 'campaigns',
    permission: 'campaigns:read',
    icon: <NotificationOutlined />,
    element: <CampaignsPage />,
  },
  {
    path: '/rules',
    name: 'rules',
    permission: 'rules:read',
    icon: <FileProtectOutlined />,
    element: <RulesPage />,
  },
  {
    path: '/audit',
    name: 'audit',
    permission: 'audit:read',
    icon: <AuditOutlined />,
    element: <AuditPage />,
  },
  {
    path: '/keys',
    name: 'keys',
    permission: 'keys:manage',
    icon: <KeyOutlined />,
    element: <KeysPage />,
  },
];

/** What a key may do on a page beyond seeing it, for the settings page's table too. */
export const ACTIONS: readonly {
  readonly name:
    'accountActions' | 'accountContent' | 'campaignsRun' | 'rulesPropose' | 'rulesApprove';
  readonly permission: Permission;
}[] = [
  { name: 'accountActions', permission: 'accounts:act' },
  { name: 'accountContent', permission: 'accounts:content' },
  { name: 'campaignsRun', permission: 'campaigns:run' },
  { name: 'rulesPropose', permission: 'rules:propose' },
  // Approving is a second person's act: the API refuses the proposer, whatever the role.
  { name: 'rulesApprove', permission: 'rules:approve' },
];
