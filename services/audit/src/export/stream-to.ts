/**
 * Streams an export into the caller's output with Node's own backpressure: `pipeline` pulls the
 * next record only when the output has room, so a million records pass through in flat memory.
 */
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface OutputOptions {
  /**
   * End `out` when the export is done (default true). False for an output that stays open
   * after it, such as process.stdout or a stream the caller writes more to.
   */
  readonly endOutput?: boolean;
}

/** Pipes `chunks` (through `transform`, when given) into `out`, resolving once all is written. */
export async function streamTo(
  chunks: AsyncIterable<unknown>,
  transform: Transform | undefined,
  out: NodeJS.WritableStream,
  options: OutputOptions = {},
): Promise<void> {
  const source = Readable.from(chunks);
  const end = options.endOutput ?? true;
  if (transform) await pipeline(source, transform, out, { end });
  else await pipeline(source, out, { end });
}
