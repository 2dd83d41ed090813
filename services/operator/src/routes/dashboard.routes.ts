/**
 * The dashboard, for every team but the agents: the funnel planned → sent → delivered → paid by
 * channel, stage and campaign and per day (from the audit's records), suppressions by reason,
 * each provider channel's failures, and how far each consumer group is behind. Counts only.
 */
import { z } from 'zod';
import { dashboardFunnelIn } from '@kindly/audit';
import type { OperatorApp } from '../http/operator-api.js';
import { COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Counts = {
  planned: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  paid: z.number().int(),
};
const Row = z.strictObject({ key: z.string(), ...Counts });

export interface ConsumerLag {
  readonly group: string;
  readonly topic: string;
  readonly lag: number;
}

export function dashboardRoutes(
  app: OperatorApp,
  deps: RouteDeps & { readonly lag: () => Promise<readonly ConsumerLag[]> },
): void {
  app.get(
    '/v1/dashboard',
    {
      config: { permission: 'dashboard:read' },
      schema: {
        summary: 'The funnel by channel, stage, campaign and day; suppressions; providers; lag',
        tags: ['dashboard'],
        querystring: z.strictObject({
          days: z.coerce
            .number()
            .int()
            .min(1)
            .max(366)
            .default(90)
            .describe('The period: the last N days'),
        }),
        response: {
          200: z.strictObject({
            from: z.string(),
            to: z.string(),
            funnel: z.strictObject({
              byChannel: z.array(Row),
              byStage: z.array(Row),
              byCampaign: z.array(Row),
            }),
            daily: z.array(z.strictObject({ date: z.string(), ...Counts })),
            suppressions: z.array(z.strictObject({ reason: z.string(), count: z.number().int() })),
            providers: z.array(
              z.strictObject({
                channel: z.string(),
                attempts: z.number().int(),
                failed: z.number().int(),
              }),
            ),
            consumerLag: z.array(
              z.strictObject({ group: z.string(), topic: z.string(), lag: z.number().int() }),
            ),
          }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const to = deps.clock.now().plus({ minutes: 1 });
      const from = to.minus({ days: request.query.days });
      const [funnel, lag] = await Promise.all([
        dashboardFunnelIn(deps.db, from.toJSDate(), to.toJSDate()),
        deps.lag(),
      ]);
      return {
        from: from.toUTC().toISO() ?? '',
        to: to.toUTC().toISO() ?? '',
        funnel: {
          byChannel: funnel.byChannel,
          byStage: funnel.byStage,
          byCampaign: funnel.byCampaign,
        },
        daily: funnel.daily,
        suppressions: funnel.suppressions,
        providers: funnel.providers,
        consumerLag: lag.map((l) => ({ ...l })),
      };
    },
  );
}
