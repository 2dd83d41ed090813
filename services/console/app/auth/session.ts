/**
 * The API key lives in sessionStorage only: it goes when the tab closes or the user logs out,
 * and never reaches localStorage, a cookie or a log.
 */
const STORAGE_KEY = 'kindly.console.apiKey';

export function readApiKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function keepApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function clearApiKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
