/**
 * The one way the console talks to the operator API: same origin, `/v1/...`, the session's key
 * as a bearer token. A 401 ends the session (the key was revoked or never valid), so that every
 * page sends the user back to the login page the same way.
 */
import { ApiProblem, readProblem } from './problem';
import { clearApiKey, readApiKey } from '../auth/session';

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when the API refuses the session's key. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  /** A key to try instead of the session's (the login page checks one before keeping it). */
  readonly key?: string;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const key = options.key ?? readApiKey();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers['authorization'] = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text ? parseJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && options.key === undefined) {
      clearApiKey();
      unauthorizedListeners.forEach((listener) => listener());
    }
    throw new ApiProblem(response.status, readProblem(response.status, parsed));
  }
  return parsed as T;
}

/** A file the API answers (an export): its bytes and the name it gives, read with the session's key. */
export async function apiDownload(
  path: string,
  /** Sent as a POST's JSON body: what must stay out of URLs (a free-text reason) goes here. */
  body?: unknown,
): Promise<{ blob: Blob; filename?: string }> {
  const key = readApiKey();
  const response = await fetch(path, {
    ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
  if (!response.ok) {
    const text = await response.text();
    if (response.status === 401) {
      clearApiKey();
      unauthorizedListeners.forEach((listener) => listener());
    }
    throw new ApiProblem(
      response.status,
      readProblem(response.status, text ? parseJson(text) : undefined),
    );
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  const blob = await response.blob();
  return named?.[1] !== undefined ? { blob, filename: named[1] } : { blob };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: the status alone then tells the story.
    return undefined;
  }
}
