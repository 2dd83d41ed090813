/** What is wrong with bytes that are not JSON: a kind and a byte offset, never the bytes themselves. */
export interface JsonSyntaxError {
  readonly kind:
    | 'unexpected character'
    | 'truncated'
    | 'unterminated string'
    | 'bad escape'
    | 'control character in a string'
    | 'bad number'
    | 'trailing data';
  /** Byte offset into the value (0-based); for an unterminated string, where the string starts. */
  readonly at: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isWhitespace = (c: number | undefined) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined) =>
  c !== undefined && (isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const LITERALS = ['true', 'false', 'null'].map((word) => Buffer.from(word));

/**
 * Finds the first syntax error in `bytes` (RFC 8259 JSON), for a dead-letter reason that says
 * where and what kind, since JSON.parse's own message quotes the input (a name, a phone number).
 * Iterative, so that deep nesting cannot overflow the stack.
 *
 * @returns undefined when `bytes` is one well-formed JSON value
 */
export function findJsonSyntaxError(bytes: Uint8Array): JsonSyntaxError | undefined {
  const end = bytes.length;
  const containers: number[] = []; // the opening bytes, `{` or `[`, of the values we are inside
  let i = 0;
  const at = (kind: JsonSyntaxError['kind'], position = i): JsonSyntaxError =>
    position >= end ? { kind: 'truncated', at: end } : { kind, at: position };
  const skipWhitespace = () => {
    while (i < end && isWhitespace(bytes[i])) i++;
  };

  const readString = (): JsonSyntaxError | undefined => {
    const start = i++;
    while (i < end) {
      const c = bytes[i];
      if (c === QUOTE) {
        i++;
        return undefined;
      }
      if (c !== undefined && c < 0x20) return { kind: 'control character in a string', at: i };
      if (c === BACKSLASH) {
        const escape = bytes[i + 1];
        if (escape === undefined) break;
        if (SIMPLE_ESCAPES.has(escape)) i += 2;
        else if (escape === 0x75 /* u */) {
          for (let k = 2; k < 6; k++) {
            if (i + k >= end) return { kind: 'unterminated string', at: start };
            if (!isHex(bytes[i + k])) return { kind: 'bad escape', at: i };
          }
          i += 6;
        } else return { kind: 'bad escape', at: i };
      } else i++;
    }
    return { kind: 'unterminated string', at: start };
  };

  const readNumber = (): JsonSyntaxError | undefined => {
    if (bytes[i] === 0x2d /* - */) i++;
    if (bytes[i] === 0x30 /* 0 */) i++;
    else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i++;
    else return at('bad number');
    if (bytes[i] === 0x2e /* . */) {
      i++;
      if (!isDigit(bytes[i])) return at('bad number');
      while (isDigit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45 /* e E */) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!isDigit(bytes[i])) return at('bad number');
      while (isDigit(bytes[i])) i++;
    }
    return undefined;
  };

  const readLiteral = (): JsonSyntaxError | undefined => {
    const word = LITERALS.find((literal) => literal[0] === bytes[i]);
    if (!word) return at('unexpected character');
    for (const expected of word) {
      if (bytes[i] !== expected) return at('unexpected character');
      i++;
    }
    return undefined;
  };

  /** After `{` or `,` in an object: a key and its colon. */
  const readKey = (): JsonSyntaxError | undefined => {
    skipWhitespace();
    if (bytes[i] !== QUOTE) return at('unexpected character');
    const error = readString();
    if (error) return error;
    skipWhitespace();
    if (bytes[i] !== 0x3a /* : */) return at('unexpected character');
    i++;
    return undefined;
  };

  for (;;) {
    // A value.
    skipWhitespace();
    const c = bytes[i];
    let error: JsonSyntaxError | undefined;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      i++;
      skipWhitespace();
      if (bytes[i] === c + 2 /* } or ] */) i++;
      else {
        containers.push(c);
        if (c === 0x7b) error = readKey();
        if (error) return error;
        continue;
      }
    } else if (c === QUOTE) error = readString();
    else if (c === 0x2d || isDigit(c)) error = readNumber();
    else error = readLiteral();
    if (error) return error;

    // After a value: close what it ends, or go on to the next element.
    for (;;) {
      skipWhitespace();
      const open = containers.at(-1);
      if (open === undefined) return i < end ? { kind: 'trailing data', at: i } : undefined;
      if (bytes[i] === open + 2) {
        containers.pop();
        i++;
        continue;
      }
      if (bytes[i] !== 0x2c /* , */) return at('unexpected character');
      i++;
      if (open === 0x7b) error = readKey();
      if (error) return error;
      break;
    }
  }
}

/** A dead-letter detail for bytes that JSON.parse refused: the kind and the byte offset only. */
export function describeJsonSyntaxError(bytes: Uint8Array): string {
  const error = findJsonSyntaxError(bytes);
  if (!error) return 'not JSON'; // JSON.parse and the scanner disagree (not seen); say no more
  switch (error.kind) {
    case 'truncated':
      return `not JSON: truncated at byte ${error.at}`;
    case 'unterminated string':
      return `not JSON: unterminated string from byte ${error.at}`;
    default:
      return `not JSON: ${error.kind} at byte ${error.at}`;
  }
}
