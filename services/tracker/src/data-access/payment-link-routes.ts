/**
 * The click routes the tracker serves for payment links: each sender profile in
 * `templates/senders.yaml` whose `payment.tracking` is set sends the links of its tracked channels
 * to `tracking.linkBase`, whose path the tracker serves, redirecting to the profile's
 * `payment.linkBase`. Only those fields are read here (the renderer checks the rest of the file).
 * Profiles may share a click route only if they share the payment page: a path stands for one
 * page, so two pages on one path are refused at start. A route serves the messages of the tenants
 * whose profiles use it, and no other tenant's. A profile whose `tracking.channels` is empty has
 * retired its route: the renderer prints no new link through it, and the tracker still serves
 * the links already sent.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TRACKED_LINK_BASE_PATTERN } from '@kindly/contracts';
import type { TenantScope } from '../domain/ports.js';
import { defaultSendersFile } from './sending-numbers.js';

/** One click route: `GET <path>/<reference>` redirects to `<page>/<reference>`. */
export interface PaymentLinkRoute {
  readonly path: string;
  readonly page: string;
  /** The tenants whose messages' links the renderer printed under this route. */
  readonly tenants: TenantScope;
}

const Https = z.url({ protocol: /^https$/ });

const SendersFile = z.looseObject({
  senders: z.record(
    z.string().min(1),
    z.looseObject({
      jurisdictions: z.record(
        z.string(),
        z.looseObject({
          payment: z
            .looseObject({
              linkBase: Https,
              // The renderer's own rule (sender-directory.ts): the path served is the one printed.
              tracking: z
                .looseObject({
                  linkBase: Https.refine((url) => TRACKED_LINK_BASE_PATTERN.test(url), {
                    message: 'expected https://host/path, the click route',
                  }),
                })
                .optional(),
            })
            .optional(),
        }),
      ),
    }),
  ),
});

/** The path a tracked link's base names, e.g. `/c` for `https://exb.example/c`. */
function pathOf(linkBase: string): string {
  return new URL(linkBase).pathname.replace(/\/+$/, '');
}

/**
 * @param fallbackTenant the renderer's RENDERER_FALLBACK_SENDER: its profiles serve the tenants
 *   the file does not name, so its routes count their clicks too
 */
export function paymentLinkRoutesFrom(
  source: string,
  file = 'senders.yaml',
  fallbackTenant?: string,
): PaymentLinkRoute[] {
  const parsed = SendersFile.safeParse(parseYaml(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const routes = new Map<string, { page: string; tenants: Set<string> }>();
  for (const [tenant, { jurisdictions }] of Object.entries(parsed.data.senders)) {
    for (const { payment } of Object.values(jurisdictions)) {
      if (payment?.tracking === undefined) continue;
      const path = pathOf(payment.tracking.linkBase);
      const page = payment.linkBase.replace(/\/+$/, '');
      const known = routes.get(path);
      if (known !== undefined && known.page !== page) {
        throw new Error(`${file}: the click route ${path} stands for two payment pages`);
      }
      const route = known ?? { page, tenants: new Set<string>() };
      route.tenants.add(tenant);
      routes.set(path, route);
    }
  }
  const named = Object.keys(parsed.data.senders);
  return [...routes].map(([path, { page, tenants }]) => ({
    path,
    page,
    tenants:
      fallbackTenant !== undefined && tenants.has(fallbackTenant)
        ? { except: named.filter((tenant) => !tenants.has(tenant)).sort() }
        : { only: [...tenants].sort() },
  }));
}

export function loadPaymentLinkRoutes(
  file: string = defaultSendersFile,
  fallbackTenant?: string,
): PaymentLinkRoute[] {
  return paymentLinkRoutesFrom(readFileSync(file, 'utf8'), file, fallbackTenant);
}
