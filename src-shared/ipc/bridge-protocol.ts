import type { AppErrorShape } from '../domain/errors';

/**
 * The browser-mode bridge: the same contract as the preload, carried as JSON
 * messages over one WebSocket to 127.0.0.1.
 */
export const BRIDGE_PATH = '/bridge';

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
