/** Marks every probe's input: a problem body must never contain it. */
export const PROBE_MARKER = 'kindly-probe-input-7f3a';

export interface ProbeAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body parsed as JSON, when it is. */
  readonly body: Record<string, unknown> | undefined;
}

export type ProbeName =
  | 'tooLarge'
  | 'tooLargeForm'
  | 'formBody'
  | 'malformedJson'
  | 'protoPollution'
  | 'constructorPollution'
  | 'formProtoPollution';

/** The bodies a careless or hostile client sends; each carries {@link PROBE_MARKER}. */
export const probeBodies: Readonly<Record<ProbeName, { contentType: string; body: string }>> = {
  tooLarge: {
    contentType: 'application/json',
    body: JSON.stringify({ note: PROBE_MARKER, padding: 'x'.repeat(5 * 1024 * 1024) }),
  },
  tooLargeForm: {
    contentType: 'application/x-www-form-urlencoded',
    body: `Body=${PROBE_MARKER}${'x'.repeat(5 * 1024 * 1024)}`,
  },
  formBody: {
    contentType: 'application/x-www-form-urlencoded',
    body: `outcome=${PROBE_MARKER}&at=2026-03-04T14%3A55%3A00Z`,
  },
  malformedJson: { contentType: 'application/json', body: `{"outcome": "${PROBE_MARKER}",` },
  protoPollution: {
    contentType: 'application/json',
    body: `{"outcome":"no-answer","__proto__":{"isAdmin":"${PROBE_MARKER}"}}`,
  },
  constructorPollution: {
    contentType: 'application/json',
    body: `{"outcome":"no-answer","constructor":{"prototype":{"isAdmin":"${PROBE_MARKER}"}}}`,
  },
  formProtoPollution: {
    contentType: 'application/x-www-form-urlencoded',
    body: `__proto__=${PROBE_MARKER}&__proto__=again&constructor=${PROBE_MARKER}`,
  },
};

/** POSTs one probe to `url` with `headers` (e.g. the key) and reads the answer whole. */
export async function probe(
  url: string,
  name: ProbeName,
  headers: Readonly<Record<string, string>> = {},
): Promise<ProbeAnswer> {
  const { contentType, body } = probeBodies[name];
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body,
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    body: parsed,
  };
}
