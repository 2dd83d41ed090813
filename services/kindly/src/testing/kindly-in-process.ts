import { Writable } from 'node:stream';
import { runKindly } from '../cli/kindly-program.js';

/** A stream that hands what is written to it to `keep`, as text. */
function sink(keep: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      keep(chunk.toString());
      done();
    },
  });
}

/**
 * `kindly <args>` in this process, through the command line's own parsing, with `env` as its
 * whole environment: its exit code and what it wrote to standard output and error.
 */
export async function kindlyInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKindly(args, {
    stdin: process.stdin,
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    env: { ...env },
    cwd: process.cwd(),
  });
  return { code, out, err };
}
