/**
 * Just enough MIME to read a bounce report: header sections (unfolded), Content-Type with its
 * parameters, multipart bodies split at their boundary, and the two transfer encodings a
 * report's parts may use. Pure text in, text out; no mail library, so it runs in the domain.
 */

export type HeaderList = readonly (readonly [name: string, value: string])[];

export interface MimeEntity {
  readonly headers: HeaderList;
  readonly body: string;
}

/** Splits a message or a part at the blank line that ends its header section. */
export function parseEntity(text: string): MimeEntity {
  const normalised = text.replace(/\r\n?/g, '\n');
  const end = normalised.search(/\n\n/);
  if (normalised.startsWith('\n')) return { headers: [], body: normalised.slice(1) };
  if (end < 0) return { headers: parseHeaderBlock(normalised), body: '' };
  return {
    headers: parseHeaderBlock(normalised.slice(0, end)),
    body: normalised.slice(end + 2),
  };
}

/** `Name: value` lines, continuation lines (starting with a space or tab) joined to the last. */
export function parseHeaderBlock(block: string): HeaderList {
  const headers: [string, string][] = [];
  for (const line of block.replace(/\r\n?/g, '\n').split('\n')) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The first value of a header (names compare without case). */
export function headerOf(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n === wanted)?.[1];
}

export interface ContentType {
  /** `type/subtype`, lower case; `text/plain` when absent, as RFC 2045 says. */
  readonly mediaType: string;
  readonly params: ReadonlyMap<string, string>;
}

export function contentTypeOf(entity: MimeEntity): ContentType {
  const value = headerOf(entity.headers, 'content-type') ?? 'text/plain';
  const [type = 'text/plain', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const raw = param.slice(eq + 1).trim();
    params.set(name, raw.startsWith('"') ? raw.slice(1, raw.lastIndexOf('"')) : raw);
  }
  return { mediaType: type.trim().toLowerCase(), params };
}

/** The parts of a multipart entity, between its first delimiter and its closing one. */
export function multipartParts(entity: MimeEntity, boundary: string): MimeEntity[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of entity.body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) break;
    if (trimmed === delimiter) {
      if (current) parts.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  return parts.map(parseEntity);
}

/** The body with its Content-Transfer-Encoding undone (base64, quoted-printable), as UTF-8. */
export function decodedBody(entity: MimeEntity): string {
  const encoding = (headerOf(entity.headers, 'content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') {
    return Buffer.from(entity.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (encoding === 'quoted-printable') {
    const bytes = entity.body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return entity.body;
}
