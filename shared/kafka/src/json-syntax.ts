import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** What is wrong with bytes that are not JSON: a kind and a byte offset, never the bytes themselves. */
export interface JsonSyntaxError {
  /** jsonc-parser's name for it, e.g. `InvalidSymbol`, `CommaExpected`, `UnexpectedEndOfString`. */
  readonly kind: string;
  /** Byte offset into the value (0-based). */
  readonly at: number;
}

/**
 * Finds the first syntax error in `bytes` with jsonc-parser held to strict JSON (no comments, no
 * trailing commas), for a dead-letter reason that says where and what kind: JSON.parse's own
 * message quotes the input around the error (a name, a phone number).
 *
 * @returns undefined when `bytes` is one well-formed JSON value
 */
export function findJsonSyntaxError(bytes: Uint8Array): JsonSyntaxError | undefined {
  const text = Buffer.from(bytes).toString('utf8');
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch (error) {
    // The parser recurses: a document nested deeper than the stack is reported as such.
    if (error instanceof RangeError) return { kind: 'NestedTooDeeply', at: 0 };
    throw error;
  }
  if (text.trim().length === 0) return { kind: 'ValueExpected', at: bytes.length };
  const [first] = errors;
  if (!first) return undefined;
  return {
    kind: printParseErrorCode(first.error),
    at: Buffer.byteLength(text.slice(0, first.offset)),
  };
}

/** A dead-letter detail for bytes that JSON.parse refused: the kind and the byte offset only. */
export function describeJsonSyntaxError(bytes: Uint8Array): string {
  const error = findJsonSyntaxError(bytes);
  // JSON.parse and jsonc-parser disagree (e.g. a lone surrogate escape): say no more.
  if (!error) return 'not JSON';
  return `not JSON: ${error.kind} at byte ${error.at}`;
}
