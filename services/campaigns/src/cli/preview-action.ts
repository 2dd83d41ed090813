/**
 * `kindly campaign preview <file>`: what a launch of the file would do now, without sending:
 * the segment's size, who is left out and why, the holdout, what the planner would decide for
 * the treatment, and sample messages per variant rendered as the customers would get them.
 * Walks the campaigns service's accounts a page at a time (flat memory).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createAccountPages } from '@kindly/account-state';
import { readApprovedRuleTexts, type Db } from '@kindly/mongo';
import { loadPlanningRules } from '@kindly/rules';
import { signReference, type ReferenceKey } from '../attribution/index.js';
import { beyondStateFacts } from '../data-access/beyond-state.js';
import { createLastContactsRepository } from '../data-access/contacts.repository.js';
import { createExposuresRepository } from '../data-access/exposures.repository.js';
import { loadCampaign } from '../definition/index.js';
import { handedOffTotal } from '../launch/launch.js';
import { PreviewTally, type CampaignPreview, type PreviewSample } from '../launch/preview.js';
import { CAMPAIGN_ACCOUNTS } from '../start-campaigns.js';
import type { CampaignCliIo } from './campaign-command.js';
import { UnreadableFile } from './launch-actions.js';

const PAGE = 500;

export interface PreviewOptions {
  /** Sample messages rendered per variant. */
  readonly samples: number;
  /** The renderer's RENDERER_FALLBACK_SENDER: whose sender profiles serve an unnamed tenant. */
  readonly fallbackSender?: string;
}

/**
 * The samples' links end with a reference signed by a key made up for this preview, with the
 * longest key id: the link's length and shape as the service's will be (when it has
 * CAMPAIGNS_REFERENCE_KEYS), without the service's secret on an operator's machine, and without
 * a reference that would verify for a real account before any message exists.
 */
function throwAwayKey(): ReferenceKey {
  return { id: 'preview0', secret: randomBytes(32).toString('base64url') };
}

/** A preview's numbers (as JSON: the CLI's `--json`, the operator API) and its samples. */
export type PreviewResult =
  | { readonly ok: false; readonly messages: readonly string[] }
  | {
      readonly ok: true;
      readonly campaignId: string;
      readonly preview: CampaignPreview;
      readonly samples: readonly RenderedSample[];
    };

export async function campaignPreviewAction(
  db: Db,
  io: CampaignCliIo,
  file: string,
  options: Omit<PreviewOptions, 'samples'> & { readonly samples: string; readonly json?: boolean },
  now: Date = new Date(),
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UnreadableFile(`${file} cannot be read`);
  }
  const result = await previewCampaign(
    db,
    text,
    file,
    { ...options, samples: Math.max(0, Number(options.samples) || 0) },
    now,
  );
  if (!result.ok) {
    for (const message of result.messages) io.stdout.write(`${message}\n`);
    return 1;
  }
  io.stdout.write(
    options.json
      ? `${JSON.stringify(previewJson(result))}\n`
      : previewText(result.campaignId, result.preview, result.samples),
  );
  return 0;
}

/** The preview as JSON: the numbers, and the samples rendered. */
export function previewJson(result: Extract<PreviewResult, { ok: true }>) {
  const { samples: _samples, ...numbers } = result.preview;
  return { campaignId: result.campaignId, ...numbers, samples: result.samples };
}

/** What a launch of the campaign file's text would do at `now`, without sending anything. */
export async function previewCampaign(
  db: Db,
  text: string,
  file: string,
  options: PreviewOptions,
  now: Date = new Date(),
): Promise<PreviewResult> {
  const loaded = loadCampaign(text, file);
  if (!loaded.ok) return { ok: false, messages: loaded.messages };
  const campaign = loaded.campaign;
  // The versions in force: those approved through the operator API, over the shipped files.
  const rules = loadPlanningRules({}, await readApprovedRuleTexts(db));
  const key = throwAwayKey();
  const tally = new PreviewTally(campaign, rules, options.samples, (fields) =>
    signReference(fields, key),
  );
  const pages = createAccountPages(db, CAMPAIGN_ACCOUNTS);
  const beyond = beyondStateFacts(
    rules.strategies,
    createExposuresRepository(db),
    createLastContactsRepository(db),
  );
  const others = (campaign.segment.notExposedTo ?? [])
    .flatMap((e) => e.campaignIds)
    .filter((id) => id !== campaign.campaignId);
  // The campaign's own earlier assignments do count here: a preview of a campaign launched
  // before shows who it would still reach.
  const exposureIds = [...new Set([...others, campaign.campaignId])];
  for (
    let cursor: string | undefined, page = await pages.pageAfter(undefined, PAGE);
    page.length > 0;
  ) {
    const facts = await beyond.lookup(
      exposureIds,
      page.map((p) => p.state),
    );
    for (const { key, state } of page) {
      tally.add(
        {
          key,
          state,
          beyond: facts.get(`${state.tenantId}:${state.accountId}`) ?? { exposures: [] },
        },
        now,
      );
    }
    cursor = page[page.length - 1]?.key;
    page = await pages.pageAfter(cursor, PAGE);
  }
  const preview = tally.result();
  const rendered = await renderSamples(preview.samples, rules, now, options.fallbackSender);
  return { ok: true, campaignId: campaign.campaignId, preview, samples: rendered };
}

export interface RenderedSample {
  readonly variant: string;
  readonly channel: string;
  readonly templateId: string;
  readonly locale: string;
  readonly subject?: string;
  readonly text: string;
  /** Why it could not be rendered (a code: no sender profile, a missing field…). */
  readonly error?: string;
}

/** The samples rendered by the renderer's own code, as the customers would get them. */
async function renderSamples(
  samples: readonly PreviewSample[],
  rules: ReturnType<typeof loadPlanningRules>,
  now: Date,
  fallbackSender: string | undefined,
): Promise<RenderedSample[]> {
  if (samples.length === 0) return [];
  // Loaded only here: Handlebars, fonts and templates are the preview's, not the service's.
  const renderer = await import('@kindly/renderer');
  const catalog = renderer.loadTemplateCatalog();
  const senders = renderer.loadSenderDirectory(renderer.sendersFileIn(catalog.dir), fallbackSender);
  const render = renderer.createHandlebarsRenderer({ catalog, smsMaxSegments: 10 });
  const issuedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const out: RenderedSample[] = [];
  for (const sample of samples) {
    const { message, state } = sample;
    const about = {
      variant: sample.variant,
      channel: message.channel,
      templateId: message.templateId,
      locale: message.locale,
    };
    let result;
    try {
      const request = renderer.previewRenderRequest({
        strategies: rules.strategies,
        senders,
        state,
        tenantId: state.tenantId,
        issuedAt,
        released: {
          accountId: message.accountId,
          messageId: message.messageId,
          cycleId: message.cycleId,
          stage: message.stage,
          channel: message.channel,
          templateId: message.templateId,
          locale: message.locale,
          purpose: message.purpose,
          strategyId: message.strategyId,
          strategyVersion: message.strategyVersion,
          reasons: message.reasons,
          latestSendAt: message.latestSendAt,
          ...(message.campaignId ? { campaignId: message.campaignId } : {}),
          ...(message.variant ? { variant: message.variant } : {}),
          // The campaign's own offers and the link's signed reference, as the message will have.
          ...(message.offers ? { offers: message.offers } : {}),
          ...(message.paymentReference ? { paymentReference: message.paymentReference } : {}),
        },
      });
      result = await render.render(request);
    } catch (error) {
      // A preview reports what would stop the message (its code), and goes on with the others.
      const code = (error as { code?: unknown }).code;
      out.push({ ...about, text: '', error: typeof code === 'string' ? code : 'RENDER_FAILED' });
      continue;
    }
    const content = result.content as { body?: string; subject?: string; text?: string };
    out.push({
      ...about,
      ...(content.subject !== undefined ? { subject: content.subject } : {}),
      text: content.body ?? content.text ?? '',
    });
  }
  return out;
}

function previewText(
  campaignId: string,
  preview: CampaignPreview,
  samples: readonly RenderedSample[],
): string {
  const c = preview.counts;
  const list = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || 'none';
  const inSegment = c.scanned - c.noFacts - c.notInSegment;
  return [
    `${campaignId}: a preview at this moment; nothing is sent`,
    `accounts: ${c.scanned}; in the segment ${inSegment}; outside it ${c.notInSegment}; not yet known ${c.noFacts}`,
    `in the segment but left out: ${c.noOffer} with no offer open, ${c.noWording} without wording in their language`,
    `holdout ${c.holdout} (never contacted); treatment ${handedOffTotal(c)}: ${list(c.handedOff)}`,
    `the planner, now: a message at once ${preview.plannedNow}, later in the customer's window ${preview.plannedLater}; ` +
      `suppressed: ${list(preview.suppressedByReason)}; nothing: ${list(preview.notPlannedByWhy)} ` +
      `(frequency caps are checked when each message goes)`,
    `left out by reason: ${list(c.reasons)}`,
    ...(samples.length > 0
      ? [
          '',
          'samples: payment links end with a reference signed by a key made up for this preview ' +
            '(the service signs with its own, when it has CAMPAIGNS_REFERENCE_KEYS)',
        ]
      : []),
    ...samples.flatMap((s) => [
      '',
      `sample, ${s.variant}, ${s.channel}, ${s.locale} (${s.templateId})` +
        (s.error !== undefined ? `: cannot be rendered (${s.error})` : ''),
      ...(s.subject !== undefined ? [`subject: ${s.subject}`] : []),
      s.text.trimEnd(),
    ]),
    '',
  ].join('\n');
}
