import { CONTENT_SECURITY_POLICY_META } from '../../src-shared/ipc/bridge-protocol';

export { BRIDGE_PATH } from '../../src-shared/ipc/bridge-protocol';

/**
 * The CSP header of the renderer's files. The header form may also forbid framing, which a meta
 * tag cannot, and it narrows the meta tag's `connect-src` (a page obeys both): the meta tag is
 * built once and cannot know the port, the header can.
 */
function headerPolicy(connectSources: string): string {
  return `${CONTENT_SECURITY_POLICY_META.replace(/connect-src [^;]*/, `connect-src ${connectSources}`)}; frame-ancestors 'none'`;
}

/** The Electron app (app://exwiz/): its engine is behind IPC, so the page opens no connection at all beyond its own files. */
export const CONTENT_SECURITY_POLICY = headerPolicy("'self'");

/** Browser mode: the page connects to its own bridge only, on this port, not to any loopback port. */
export function bridgeContentSecurityPolicy(port: number): string {
  return headerPolicy(`'self' ws://127.0.0.1:${port}`);
}
