import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { segmentSms } from '../domain/sms-segments.js';

/**
 * `kindly sms-segments`: reads NDJSON strings (one JSON string per line, so that a line break
 * inside a message survives) and writes, per line, `{"encoding","units","segments","chars"}`.
 * Returns the exit code: 0, or 1 when a line was not a JSON string (reported, the rest go on).
 */
export async function runSmsSegmentsCommand(input: Readable, output: Writable): Promise<number> {
  let failed = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let text: unknown;
    try {
      text = JSON.parse(line);
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      failed++;
      output.write(
        `${JSON.stringify({ line: lineNumber, error: 'expected a JSON string, e.g. "Hello"' })}\n`,
      );
      continue;
    }
    const { encoding, units, segments } = segmentSms(text);
    output.write(`${JSON.stringify({ encoding, units, segments, chars: text.length })}\n`);
  }
  return failed > 0 ? 1 : 0;
}
