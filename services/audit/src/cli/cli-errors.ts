/** The mistakes `kindly audit` answers with a message and an exit code instead of a stack. */

/** A missing setting a command needs: exit 78, naming the setting. */
export class MissingSetting extends Error {
  constructor(
    readonly setting: string,
    why: string,
  ) {
    super(`${setting} is needed ${why}`);
    this.name = 'MissingSetting';
  }
}

/** A mistake in the command line that commander cannot see (values, options that go together). */
export class UsageError extends Error {}

/** The evidence of a record is missing or altered: a finding, reported with exit 1. */
export class EvidenceProblem extends Error {}

/** A policy file that cannot be read or used: a usage mistake, one `FILE:LINE: …` per problem. */
export class PolicyFileProblem extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'PolicyFileProblem';
  }
}
