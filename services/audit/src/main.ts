#!/usr/bin/env node
// The audit service's composition root: settings, then the service (start-audit.ts).
import { runService } from '@kindly/service';
import { AuditSettingsSchema } from './audit-settings.js';
import { startAudit } from './start-audit.js';

await runService({ name: 'audit', settings: AuditSettingsSchema, start: startAudit });
