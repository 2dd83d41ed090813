import { Counter, type Registry } from 'prom-client';
import type { RenderAlerts } from '../domain/ports.js';

/**
 * `kindly_render_failures_total{template,channel,code}`: a message that could not be rendered
 * went to the dead-letter topic. Alert on any increase: a template or the data it needs is
 * broken, and customers are not being written to.
 */
export function createRenderAlerts(registry: Registry): RenderAlerts {
  const failures = new Counter({
    name: 'kindly_render_failures_total',
    help: 'Released messages that could not be rendered (dead-lettered), by template and error code',
    labelNames: ['template', 'channel', 'code'] as const,
    registers: [registry],
  });
  return {
    renderFailed: (template, channel, code) => failures.inc({ template, channel, code }),
  };
}
