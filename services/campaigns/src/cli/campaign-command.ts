/**
 * `kindly campaign validate <file…>`: checks campaign files before anyone launches them: every
 * mistake with its file, line, field and what was expected. Exit codes as `kindly audit`'s:
 * 0 every file valid, 1 a file has mistakes (findings), 2 a usage mistake. The other campaign
 * commands (preview, launch, pause, resume, cancel, status, report) come with the launch.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadCampaign } from '../definition/index.js';

export interface CampaignCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

class UnreadableFile extends Error {}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export async function runCampaignCommand(
  argv: readonly string[],
  io: CampaignCliIo,
): Promise<number> {
  let exitCode = 0;
  const program = new Command('kindly campaign')
    .description('repayment-offer campaigns as data')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  program
    .command('validate')
    .description('checks campaign files: each mistake with its line, field and what was expected')
    .argument('<files...>', 'campaign YAML files')
    .option('--json', 'one JSON line per file')
    .action((files: string[], options: { json?: boolean }) => {
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new UnreadableFile(`${file} cannot be read`);
        }
        const result = loadCampaign(text, file);
        if (!result.ok) exitCode = 1;
        if (options.json) {
          io.stdout.write(
            `${JSON.stringify(result.ok ? { file, ok: true, campaignId: result.campaign.campaignId, version: result.campaign.version } : { file, ok: false, problems: result.problems })}\n`,
          );
        } else if (result.ok) {
          const c = result.campaign;
          io.stdout.write(
            `${file}: valid: ${c.campaignId} v${c.version}, ${count(c.offers.length, 'offer')}, ${count(c.variants.length, 'variant')}, holdout ${c.holdout.percent} %\n`,
          );
        } else {
          for (const message of result.messages) io.stdout.write(`${message}\n`);
        }
      }
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UnreadableFile) {
      io.stderr.write(`kindly campaign: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
