import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '@kindly/config';
import { reassignedCheckProblems } from '@kindly/dispatcher';
import { defaultPolicyFile, loadPolicy } from '@kindly/rules';
import type { z } from 'zod';
import { AllSettingsSchema, withLocalSecrets } from '../run-all/start-all.js';
import { error, ok, warn, type Finding } from './finding.js';
import { knownSecrets } from './known-secrets.js';
import { readmeOf } from './setting-readmes.js';

type Env = Readonly<Record<string, string | undefined>>;

// A value of these is never shown, not even inside a message that quotes it.
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD/;

/**
 * Every service's settings, parsed from `env` as each service parses its own (`parseConfig`),
 * without starting anything. A secret a local run makes up when unset is a warning, not an error:
 * `kindly run all` and the demo start without it. A setting that does not parse is an error that
 * names it, says what was expected, and never shows a secret's value.
 */
export function checkSettings(env: Env): Finding[] {
  const { env: filled, generated } = withLocalSecrets(env);
  const findings: Finding[] = [];
  try {
    const settings = parseConfig(AllSettingsSchema, filled);
    findings.push(ok('settings', "every service's settings parse"));
    // The tracker verifies the links the renderer signs: two secrets that differ refuse them all.
    if (settings.RENDERER_UNSUBSCRIBE_SECRET !== settings.TRACKER_UNSUBSCRIBE_SECRET) {
      findings.push(
        error(
          'settings',
          'RENDERER_UNSUBSCRIBE_SECRET and TRACKER_UNSUBSCRIBE_SECRET differ: the tracker would refuse every unsubscribe link the renderer signs',
          'set both to the same secret',
        ),
      );
    }
    // The dispatcher refuses to start where its policy wants the reassigned-numbers check and
    // the settings neither name the database nor turn the check off on purpose.
    const policy = loadPolicy(
      readFileSync(settings.DISPATCHER_POLICY_FILE ?? defaultPolicyFile, 'utf8'),
    );
    const requiredFor = policy.reassignedNumbers?.requiredFor ?? [];
    for (const problem of reassignedCheckProblems(settings, requiredFor)) {
      const fix =
        'services/dispatcher/README.md (Reassigned numbers, Not configured) says which to set';
      findings.push({ ...error('settings', problem, fix), setting: 'DISPATCHER_REASSIGNED_CHECK' });
    }
    // Off on purpose is allowed (a local try, another system checks): said, not refused.
    if (settings.DISPATCHER_REASSIGNED_CHECK === 'off' && requiredFor.length > 0) {
      findings.push({
        ...warn(
          'settings',
          `DISPATCHER_REASSIGNED_CHECK=off while the policy wants texts to ${requiredFor.join(', ')} checked against the reassigned-numbers database: they are sent unchecked`,
          'for a deployment, name the database (services/dispatcher/README.md, Reassigned numbers), unless another system checks it',
        ),
        setting: 'DISPATCHER_REASSIGNED_CHECK',
      });
    }
  } catch (thrown) {
    if (!(thrown instanceof ConfigError)) throw thrown;
    findings.push(...thrown.problems.map((problem) => problemFinding(problem, env)));
  }
  const known = knownSecrets(env, (name) => SECRET_NAME.test(name));
  if (known.length > 0) {
    findings.push(
      warn(
        'settings',
        `${known.join(', ')} ${known.length === 1 ? 'holds' : 'hold'} a made-up secret known to everyone (infra/local/kindly.env.example's, or one saying change-me): fine for a local try only`,
        'for a deployment, set them from your secret store',
      ),
    );
  }
  if (generated.length > 0) {
    findings.push(
      warn(
        'settings',
        `${generated.join(', ')} not set: kindly run all and the demo make them up for their run (kindly run all keeps the audit's in .cache/local-secrets.json); a service started alone refuses to start`,
        'for a deployment, set them from your secret store (services/tracker/README.md, services/audit/README.md)',
      ),
    );
  }
  return findings;
}

/** One of `ConfigError.problems` (`NAME: missing` or `NAME: what is wrong`) as a finding. */
function problemFinding(problem: string, env: Env): Finding {
  const colon = problem.indexOf(': ');
  const name = colon < 0 ? problem : problem.slice(0, colon);
  const detail = colon < 0 ? '' : problem.slice(colon + 2);
  const fix = `set ${name} (${readmeOf(name)} describes it)`;
  const message =
    detail === 'missing'
      ? `${name} is not set; expected ${expectedOf(name)}`
      : `${name} is not valid; expected ${plainly(SECRET_NAME.test(name) ? hidden(detail, env[name]) : detail)}`;
  return { ...error('settings', message, fix), setting: name };
}

/**
 * What a setting expects, in its own schema's words: the complaint it makes about an empty value
 * (`must be host:port[,host:port…]`, `Too small: expected string to have >=16 characters`).
 */
export function expectedOf(name: string): string {
  const fields: Readonly<Record<string, z.ZodType>> = AllSettingsSchema.shape;
  const result = fields[name]?.safeParse('');
  if (!result || result.success) return 'a value';
  return result.error.issues.map((issue) => plainly(issue.message)).join('; ');
}

// zod's own messages, said as what is expected; a schema's own words (`must be …`) kept.
const PLAIN: readonly [RegExp, string][] = [
  [/^Too small: expected string to have >=(\d+) characters?$/, 'at least $1 characters'],
  [/^Too big: expected string to have <=(\d+) characters?$/, 'at most $1 characters'],
  [/^Too small: expected number to be >=(\S+)$/, 'a number of at least $1'],
  [/^Too small: expected number to be >(\S+)$/, 'a number above $1'],
  [/^Too big: expected number to be <=(\S+)$/, 'a number of at most $1'],
  [/^Invalid input: expected (\w+), received \w+$/, 'a $1'],
  [/^Invalid URL$/, 'a URL'],
  [/^Invalid option: expected one of (.+)$/, 'one of $1'],
  [/^Invalid string: must match pattern (.+)$/, 'text matching $1'],
  [/^must be (.+)$/, '$1'],
];

/** A schema's message as what the setting expects, e.g. `at least 16 characters`. */
export function plainly(message: string): string {
  for (const [pattern, plain] of PLAIN) {
    if (pattern.test(message)) return message.replace(pattern, plain);
  }
  return message;
}
/**
 * `message` with `value` taken out, and each of its comma-separated parts (a list of keys),
 * should a schema's message ever quote what it was given.
 */
function hidden(message: string, value: string | undefined): string {
  if (!value) return message;
  const parts = [value, ...value.split(',').map((part) => part.trim())].filter(
    (part) => part.length >= 8,
  );
  return parts.reduce((text, part) => text.split(part).join('(hidden)'), message);
}
