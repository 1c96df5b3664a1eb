import type { AppErrorShape } from '../domain/errors';

/**
 * The browser-mode bridge: the same contract as the preload, carried as JSON
 * messages over one WebSocket to 127.0.0.1.
 */
export const BRIDGE_PATH = '/bridge';

/** Where the page keeps its launch token once it is out of the address bar: its own history entry's state. */
export const TOKEN_STATE_KEY = 'exwizToken';

/**
 * The launch token of browser mode, and the query string to show instead of the launcher's.
 * The token arrives in the address (`?token=`); the page takes it out of the address bar at once
 * (history.replaceState), so it is not in screenshots, shared links or the address the admin
 * copies, and keeps it in memory and in its own history entry's state, which a reload keeps
 * (the page itself is served without it; only the bridge needs it). `search` is null when the
 * address holds no token (a reload: the token comes from the state).
 */
export function launchToken(search: string, state: unknown): { token: string; search: string | null } {
  // By hand: src-shared has no URLSearchParams (no DOM, no Node).
  const parts = search
    .replace(/^\?/, '')
    .split('&')
    .filter(part => part !== '');
  const isToken = (part: string) => part === 'token' || part.startsWith('token=');
  const first = parts.find(isToken);
  if (first !== undefined) {
    let token: string;
    try {
      token = decodeURIComponent(first.slice('token='.length).replace(/\+/g, ' '));
    } catch {
      token = '';
    }
    const rest = parts.filter(part => !isToken(part));
    return { token, search: rest.length === 0 ? '' : `?${rest.join('&')}` };
  }
  const saved = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[TOKEN_STATE_KEY] : undefined;
  return { token: typeof saved === 'string' ? saved : '', search: null };
}

/** Renderer → engine. */
export interface BridgeInvokeMessage {
  type: 'invoke';
  id: number;
  method: string;
  payload: unknown;
}

/** Engine → renderer. */
export type BridgeServerMessage =
  | { type: 'result'; id: number; result: { ok: true; value: unknown } | { ok: false; error: AppErrorShape } }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'protocol-error'; message: string };

/**
 * The renderer's Content-Security-Policy, one source for the page's meta tag
 * (Vite injects it) and the bridge server's header. No inline script, no remote
 * anything; inline styles are allowed because Fluent UI inserts its CSS at run time.
 */
export const CONTENT_SECURITY_POLICY_META = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
