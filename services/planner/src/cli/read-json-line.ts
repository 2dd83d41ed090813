import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** One line of NDJSON read: its value, or what is wrong with it and where. */
export type JsonLine =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      /** In plain words, e.g. `expected a field name in double quotes`. */
      readonly problem: string;
      /** Where in the line (1-based, in characters), when a parser can tell. */
      readonly column?: number;
    };

/**
 * jsonc-parser's names for what it found, in words. JSON.parse's own message says where only in
 * some Node versions, and in newer ones quotes the line around the mistake: a case holds names
 * and phone numbers, which an error line should not repeat.
 */
const PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'more after the end of the case',
  InvalidCommentToken: 'a comment, which JSON does not have',
  UnexpectedEndOfComment: 'a comment, which JSON does not have',
  UnexpectedEndOfString: 'a string without its closing quote',
  UnexpectedEndOfNumber: 'a number cut short',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'an unknown escape after \\',
  InvalidCharacter: 'a control character (a tab or line break) inside a string',
};

/** Reads one line as strict JSON (no comments, no trailing commas); never throws. */
export function readJsonLine(line: string): JsonLine {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false, ...whereNotJson(line) };
  }
}

function whereNotJson(line: string): { problem: string; column?: number } {
  const errors: ParseError[] = [];
  try {
    parse(line, errors, { disallowComments: true, allowTrailingComma: false });
  } catch {
    // The parser recurses: a line nested deeper than the stack gets no place.
    return { problem: 'nested too deeply' };
  }
  const [first] = errors;
  // The two parsers disagree (e.g. a lone surrogate escape): say no more than JSON.parse does.
  if (!first) return { problem: 'not valid JSON' };
  const kind = printParseErrorCode(first.error);
  return { problem: PROBLEMS[kind] ?? kind, column: first.offset + 1 };
}
