/**
 * The click routes the tracker serves for payment links: each sender profile in
 * `templates/senders.yaml` whose `payment.tracking` is set sends the links of its tracked channels
 * to `tracking.linkBase`, whose path the tracker serves, redirecting to the profile's
 * `payment.linkBase`. Only those fields are read here (the renderer checks the rest of the file).
 * Profiles may share a click route only if they share the payment page: a path stands for one
 * page, so two pages on one path are refused at start.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaultSendersFile } from './sending-numbers.js';

/** One click route: `GET <path>/<reference>` redirects to `<page>/<reference>`. */
export interface PaymentLinkRoute {
  readonly path: string;
  readonly page: string;
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
              tracking: z.looseObject({ linkBase: Https }).optional(),
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

export function paymentLinkRoutesFrom(source: string, file = 'senders.yaml'): PaymentLinkRoute[] {
  const parsed = SendersFile.safeParse(parseYaml(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const pages = new Map<string, string>();
  for (const { jurisdictions } of Object.values(parsed.data.senders)) {
    for (const { payment } of Object.values(jurisdictions)) {
      if (payment?.tracking === undefined) continue;
      const path = pathOf(payment.tracking.linkBase);
      if (path === '') throw new Error(`${file}: a tracking.linkBase needs a path, e.g. /c`);
      const page = payment.linkBase.replace(/\/+$/, '');
      const known = pages.get(path);
      if (known !== undefined && known !== page) {
        throw new Error(`${file}: the click route ${path} stands for two payment pages`);
      }
      pages.set(path, page);
    }
  }
  return [...pages].map(([path, page]) => ({ path, page }));
}

export function loadPaymentLinkRoutes(file: string = defaultSendersFile): PaymentLinkRoute[] {
  return paymentLinkRoutesFrom(readFileSync(file, 'utf8'), file);
}
