/**
 * The launch commands of `kindly campaign` over the launches store: launch, pause, resume,
 * cancel, status. Each returns its exit code (0 done, 1 the launch cannot do that now, 2 usage).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { terminalProgress, type ProgressStream } from '@kindly/progress';
import type { Launch } from '../launch/launch.js';
import { launchStatusText } from '../launch/launch-status-text.js';
import { operateLaunch, startLaunch } from '../launch/operate-launch.js';
import type { Launches } from '../launch/ports.js';
import type { CampaignCliIo } from './campaign-command.js';

export class UnreadableFile extends Error {}

export interface LaunchActionsOptions {
  readonly launches: Launches;
  readonly io: CampaignCliIo;
  readonly now: () => Date;
  /** How often `--follow` looks at the launch. */
  readonly followEveryMs?: number;
  /** How many accounts a walk looks at, for `--follow`'s bar; undefined: a counter instead. */
  readonly accountCount?: () => Promise<number | undefined>;
}

const json = (launch: Launch) => {
  const { campaign, ...rest } = launch;
  return { ...rest, version: campaign.version };
};

export function launchActions(options: LaunchActionsOptions) {
  const { launches, io } = options;
  const at = () =>
    options
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const print = (launch: Launch, asJson: boolean | undefined) =>
    io.stdout.write(`${asJson ? JSON.stringify(json(launch)) : launchStatusText(launch)}\n`);

  /**
   * Follows the launch until it no longer runs: on a terminal a bar of accounts scanned, then the
   * final status; otherwise (a script reads the lines, or asked for JSON) a line each time it moves.
   */
  async function follow(campaignId: string, asJson: boolean | undefined): Promise<void> {
    const onTerminal = (io.stdout as ProgressStream).isTTY && (io.stderr as ProgressStream).isTTY;
    if (onTerminal && !asJson) return followWithBar(campaignId);
    let shown = -1;
    for (;;) {
      const launch = await launches.get(campaignId);
      if (launch === undefined) return;
      if (launch.counts.scanned !== shown || launch.status !== 'running') {
        shown = launch.counts.scanned;
        print(launch, asJson);
      }
      if (launch.status !== 'running') return;
      await sleep(options.followEveryMs ?? 1_000);
    }
  }

  async function followWithBar(campaignId: string): Promise<void> {
    const bar = terminalProgress(io.stderr, { label: 'accounts scanned' });
    bar.start(await options.accountCount?.().catch(() => undefined));
    let launch = await launches.get(campaignId);
    try {
      while (launch?.status === 'running') {
        bar.update(launch.counts.scanned);
        await sleep(options.followEveryMs ?? 1_000);
        launch = await launches.get(campaignId);
      }
      if (launch) bar.update(launch.counts.scanned);
    } finally {
      bar.stop();
    }
    if (launch) print(launch, false);
  }

  return {
    async launch(file: string, opts: { by: string; follow?: boolean; json?: boolean }) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new UnreadableFile(`${file} cannot be read`);
      }
      const outcome = await startLaunch(launches, { bytes, file, by: opts.by, at: at() });
      if (outcome.kind === 'invalid') {
        for (const message of outcome.messages) io.stdout.write(`${message}\n`);
        return 1;
      }
      if (outcome.kind === 'exists') {
        const { launch } = outcome;
        io.stderr.write(
          `kindly campaign: ${launch.campaignId} was launched before (${launch.status}` +
            `${outcome.sameFile ? '' : ', from another version of the file'}); a campaign is walked once: ` +
            `${launch.status === 'paused' ? 'resume it, or ' : ''}give a new campaign a new id\n`,
        );
        return 1;
      }
      io.stderr.write(
        `kindly campaign: ${outcome.launch.campaignId} launched; the campaigns service walks it\n`,
      );
      if (opts.follow) await follow(outcome.launch.campaignId, opts.json);
      else print(outcome.launch, opts.json);
      return 0;
    },

    async operate(
      action: 'pause' | 'resume' | 'cancel',
      campaignId: string,
      opts: { by: string; reason?: string; json?: boolean },
    ) {
      const outcome = await operateLaunch(launches, campaignId, {
        action,
        at: at(),
        by: opts.by,
        ...(opts.reason ? { reason: opts.reason } : {}),
      });
      if (outcome.kind === 'unknown') {
        io.stderr.write(`kindly campaign: no launch of ${campaignId}\n`);
        return 1;
      }
      if (outcome.kind === 'not-now') {
        io.stderr.write(`kindly campaign: ${campaignId} is ${outcome.status}: cannot ${action}\n`);
        return 1;
      }
      print(outcome.launch, opts.json);
      return 0;
    },

    async status(campaignId: string, opts: { follow?: boolean; json?: boolean }) {
      const launch = await launches.get(campaignId);
      if (launch === undefined) {
        io.stderr.write(`kindly campaign: no launch of ${campaignId}\n`);
        return 1;
      }
      if (opts.follow) await follow(campaignId, opts.json);
      else print(launch, opts.json);
      return 0;
    },
  };
}
