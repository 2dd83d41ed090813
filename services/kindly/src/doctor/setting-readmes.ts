import { AuditSettingsSchema } from '@kindly/audit';
import { CampaignsSettingsSchema } from '@kindly/campaigns';
import { DispatcherSettingsSchema } from '@kindly/dispatcher';
import { EscalationSettingsSchema } from '@kindly/escalation';
import { OperatorSettingsSchema } from '@kindly/operator';
import { PlannerSettingsSchema } from '@kindly/planner';
import { RendererSettingsSchema } from '@kindly/renderer';
import { SchedulerSettingsSchema } from '@kindly/scheduler';
import { TrackerSettingsSchema } from '@kindly/tracker';

// Each service's README has a table of its settings; the rest (Kafka, MongoDB, health, recovery)
// are every service's, described in the root README.
const owners: readonly [{ readonly shape: object }, string][] = [
  [PlannerSettingsSchema, 'services/planner/README.md'],
  [SchedulerSettingsSchema, 'services/scheduler/README.md'],
  [RendererSettingsSchema, 'services/renderer/README.md'],
  [TrackerSettingsSchema, 'services/tracker/README.md'],
  [DispatcherSettingsSchema, 'services/dispatcher/README.md'],
  [EscalationSettingsSchema, 'services/escalation/README.md'],
  [AuditSettingsSchema, 'services/audit/README.md'],
  [CampaignsSettingsSchema, 'services/campaigns/README.md'],
  [OperatorSettingsSchema, 'services/operator/README.md'],
];

/** The README that describes a setting: its service's, or the root one for shared settings. */
export function readmeOf(name: string): string {
  return owners.find(([schema]) => Object.hasOwn(schema.shape, name))?.[1] ?? 'README.md';
}
