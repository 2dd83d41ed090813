/**
 * The operator API answers every failure with an RFC 9457 problem body. `ApiProblem` carries it
 * to the page that asked, so the page can say what went wrong in the API's own words.
 */
export interface ProblemField {
  readonly field: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly fields?: readonly ProblemField[];
  /**
   * A text that does not validate: a campaign's problems are lines of text, a rule's say where
   * (the path in the YAML and, when the place is in the text, its line).
   */
  readonly problems?: readonly TextProblem[];
}

export interface TextProblem {
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ProblemBody,
  ) {
    super(body.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textProblem(value: unknown): TextProblem {
  if (!isRecord(value)) return { message: String(value) };
  const { message, path, line } = value;
  return {
    message: typeof message === 'string' ? message : '',
    ...(typeof path === 'string' && path !== '' ? { path } : {}),
    ...(typeof line === 'number' ? { line } : {}),
  };
}

/** Keeps only the members a problem may have, so a strange body cannot break the page. */
export function readProblem(status: number, value: unknown): ProblemBody {
  if (!isRecord(value)) return { status };
  const text = (key: string) => (typeof value[key] === 'string' ? value[key] : undefined);
  const fields = Array.isArray(value['fields'])
    ? value['fields'].filter(isRecord).map((f) => ({
        field: typeof f['field'] === 'string' ? f['field'] : '',
        message: typeof f['message'] === 'string' ? f['message'] : '',
      }))
    : undefined;
  const problems = Array.isArray(value['problems'])
    ? value['problems'].map(textProblem)
    : undefined;
  const title = text('title');
  const detail = text('detail');
  const type = text('type');
  return {
    status,
    ...(type === undefined ? {} : { type }),
    ...(title === undefined ? {} : { title }),
    ...(detail === undefined ? {} : { detail }),
    ...(fields === undefined ? {} : { fields }),
    ...(problems === undefined ? {} : { problems }),
  };
}
