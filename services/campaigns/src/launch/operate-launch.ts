/**
 * What an operator does to a launch: start it from a campaign file, pause, resume, cancel. Each
 * is recorded with the launch (who, when, why). The walk itself is the service's (`launchRound`),
 * which reads the status at every round: a pause takes effect at the next.
 */
import { createHash } from 'node:crypto';
import { loadCampaign } from '../definition/index.js';
import { noCounts, noUse, type Launch, type LaunchAction, type LaunchStatus } from './launch.js';
import type { Launches } from './ports.js';
import { sendByOf } from './send-by.js';

export type StartOutcome =
  | { readonly kind: 'started'; readonly launch: Launch }
  | { readonly kind: 'invalid'; readonly messages: readonly string[] }
  | { readonly kind: 'exists'; readonly launch: Launch; readonly sameFile: boolean };

export function campaignHashOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Starts the launch of a campaign file, once: a second start names the launch that exists. */
export async function startLaunch(
  launches: Launches,
  input: {
    readonly bytes: Buffer;
    readonly file: string;
    readonly by: string;
    readonly at: string;
  },
): Promise<StartOutcome> {
  const loaded = loadCampaign(input.bytes.toString('utf8'), input.file);
  if (!loaded.ok) return { kind: 'invalid', messages: loaded.messages };
  const campaignHash = campaignHashOf(input.bytes);
  const launch: Launch = {
    campaignId: loaded.campaign.campaignId,
    campaignHash,
    campaign: loaded.campaign,
    sendBy: sendByOf(loaded.campaign),
    status: 'running',
    counts: noCounts,
    use: noUse,
    actions: [{ action: 'launch', at: input.at, by: input.by }],
  };
  if ((await launches.create(launch)) === 'created') return { kind: 'started', launch };
  const existing = await launches.get(launch.campaignId);
  if (existing === undefined) throw new Error(`launch ${launch.campaignId} vanished`);
  return { kind: 'exists', launch: existing, sameFile: existing.campaignHash === campaignHash };
}

/** The statuses each action moves a launch from, and to. */
const MOVES: Readonly<
  Record<'pause' | 'resume' | 'cancel', { from: readonly LaunchStatus[]; to: LaunchStatus }>
> = {
  // A completed walk's messages may still be waiting until the campaign ends: an operator can
  // stop them too (a resumed completed launch completes again at its next round).
  pause: { from: ['running', 'completed'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused', 'completed'], to: 'cancelled' },
};

export type OperateOutcome =
  | { readonly kind: 'done'; readonly launch: Launch }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-now'; readonly status: LaunchStatus };

/** Pauses, resumes or cancels a launch, if its status allows; the action is kept with it. */
export async function operateLaunch(
  launches: Launches,
  campaignId: string,
  action: Omit<LaunchAction, 'action'> & { readonly action: 'pause' | 'resume' | 'cancel' },
): Promise<OperateOutcome> {
  const move = MOVES[action.action];
  if (await launches.setStatus(campaignId, move.from, move.to, action)) {
    const launch = await launches.get(campaignId);
    if (launch !== undefined) return { kind: 'done', launch };
  }
  const launch = await launches.get(campaignId);
  return launch === undefined ? { kind: 'unknown' } : { kind: 'not-now', status: launch.status };
}
