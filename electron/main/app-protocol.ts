import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../bridge/protocol';

/**
 * The renderer is served from `app://exwiz/`, not `file://`, so the packaged
 * app can turn the GrantFileProtocolExtraPrivileges fuse off (Electron
 * security checklist: "use a custom protocol instead of file://"). The page
 * gets one origin of its own, and only the files of the built renderer folder
 * can be reached through it.
 */
const APP_SCHEME = 'app';
const APP_HOST = 'exwiz';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Declares the scheme before the app is ready (Electron requires it then).
 * Standard, so relative URLs and the origin work like https; secure, so the
 * page is a secure context. Deliberately not corsEnabled or bypassCSP: other
 * origins may not read it, and the CSP applies.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** True when a URL is a page of the app's own origin (`app://exwiz/…`). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers on every file the app protocol serves: the renderer's CSP, with no connection beyond its own files. */
const RESPONSE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function refuse(status: 404 | 405): Response {
  return new Response(status === 404 ? 'Not found' : 'Method not allowed', {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * The file a request names inside `root`, or null when it names anything
 * else: another host, a `..` segment (also when percent-encoded), a
 * backslash, a NUL, or a path that leaves the folder once symbolic links are
 * followed.
 */
async function resolveRendererFile(requestUrl: string, root: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.split('/').slice(1);
  if (segments.some(s => s === '' || s === '.' || s === '..' || /[\\\0:]/.test(s))) return null;
  const realRoot = await realpath(root).catch(() => null);
  if (!realRoot) return null;
  const candidate = path.join(realRoot, ...segments);
  const real = await realpath(candidate).catch(() => null);
  if (!real || !real.startsWith(realRoot + path.sep)) return null;
  return real;
}

/**
 * The request handler for `protocol.handle('app', …)`: GET and HEAD of the
 * built renderer's files, each with the CSP header; 404 for anything else.
 * Errors never carry file content or paths.
 */
export function createRendererHandler(root: string): (request: Request) => Promise<Response> {
  return async request => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const file = await resolveRendererFile(request.url, root);
    if (!file) return refuse(404);
    const body = await readFile(file).catch(() => null);
    if (!body) return refuse(404);
    const headers = { ...RESPONSE_HEADERS, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** Serves the renderer folder on the app scheme of a session's protocol registry. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createRendererHandler(root));
}
