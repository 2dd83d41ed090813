/**
 * A mistake in what was asked of a command (an option, a template or locale the catalog lacks, a
 * file that cannot be read): said in one line, with exit code 2, never with a stack trace.
 */
export class UsageMistake extends Error {
  override readonly name = 'UsageMistake';
}
