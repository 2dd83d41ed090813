import { createHash, verify, type KeyObject } from 'node:crypto';

export interface DkimVerification {
  readonly valid: boolean;
  /** Why it is not valid; undefined when it is. */
  readonly problem: string | undefined;
  readonly domain: string | undefined;
  readonly selector: string | undefined;
  /** The h= list, lowercased: which headers the signature covers. */
  readonly signedHeaders: readonly string[];
}

/**
 * Verifies a message's first DKIM-Signature (RFC 6376) against a public key given directly,
 * instead of looked up in DNS: rsa-sha256 with relaxed/relaxed canonicalization, what nodemailer
 * signs with. Lets a test check that the signature really holds and covers List-Unsubscribe and
 * List-Unsubscribe-Post, as RFC 8058 requires for one-click unsubscribe.
 */
export function verifyDkim(raw: string | Buffer, publicKey: string | KeyObject): DkimVerification {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const fields = headerFields(split < 0 ? text : text.slice(0, split + 2));
  const body = split < 0 ? '' : text.slice(split + 4);
  const signature = fields.find((f) => nameOf(f) === 'dkim-signature');
  if (!signature) return result('no DKIM-Signature header', {});
  const tags = parseTags(signature.slice(signature.indexOf(':') + 1));
  const signedHeaders = (tags['h'] ?? '')
    .split(':')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const known = { domain: tags['d'], selector: tags['s'], signedHeaders };
  if (tags['a'] !== 'rsa-sha256') return result(`unsupported algorithm ${tags['a']}`, known);
  if ((tags['c'] ?? 'simple/simple') !== 'relaxed/relaxed')
    return result(`unsupported canonicalization ${tags['c']}`, known);

  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  if (bodyHash !== tags['bh']) return result('body hash does not match (body changed)', known);

  // Each listed name takes the bottom-most occurrence not yet used (RFC 6376 §5.4.2).
  const remaining = [...fields];
  let signedData = '';
  for (const name of signedHeaders) {
    const index = remaining.map(nameOf).lastIndexOf(name);
    if (index < 0) continue;
    signedData += relaxedHeader(remaining[index] ?? '') + '\r\n';
    remaining.splice(index, 1);
  }
  signedData += relaxedHeader(signature.replace(/([;:]\s*b\s*=)[^;]*/, '$1'));
  const ok = verify(
    'sha256',
    Buffer.from(signedData),
    publicKey,
    Buffer.from(tags['b'] ?? '', 'base64'),
  );
  return result(
    ok ? undefined : 'signature does not verify (a signed header changed, or another key)',
    known,
  );
}

function result(
  problem: string | undefined,
  known: {
    domain?: string | undefined;
    selector?: string | undefined;
    signedHeaders?: readonly string[];
  },
): DkimVerification {
  return {
    valid: problem === undefined,
    problem,
    domain: known.domain,
    selector: known.selector,
    signedHeaders: known.signedHeaders ?? [],
  };
}

/** Header fields as written, continuation lines included (CRLF-joined, no final CRLF). */
function headerFields(block: string): string[] {
  const fields: string[] = [];
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += '\r\n' + line;
    else fields.push(line);
  }
  return fields;
}

function nameOf(field: string): string {
  return field.slice(0, field.indexOf(':')).trim().toLowerCase();
}

function parseTags(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

/** RFC 6376 §3.4.2: lowercase name, unfold, runs of whitespace to one space, none around the colon. */
function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
}

/** RFC 6376 §3.4.4: whitespace runs to one space, none at line ends, no empty lines at the end. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : lines.join('\r\n') + '\r\n';
}
