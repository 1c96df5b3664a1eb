import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { validateHostName } from '../../../src-shared/domain/host-names';

/*
 * Reads an Exchange server's build without credentials from its OWA logon
 * page: the X-OWA-Version header (full build with SU) and the
 * /owa/auth/<build>/ resource paths (CU level). A cross-check for discovery
 * and a fallback when nothing else answers.
 *
 * Certificate problems are reported, never silently ignored: the page is
 * first requested with normal certificate checks; when those fail, the
 * reason is kept in `notes` and the page is read once more without trusting
 * the certificate, only to read the version (no credentials are ever sent).
 */

export interface FingerprintResult {
  host: string;
  /** X-OWA-Version header, e.g. "15.2.1544.36". */
  owaVersion: string | null;
  /** Build from an /owa/auth/<build>/ path in the page, e.g. "15.2.1544". */
  pathBuild: string | null;
  /** Certificate and connection problems, in sentences. */
  notes: string[];
  /** Whether the certificate was trusted by this computer. */
  certificateTrusted: boolean | null;
}

export interface FingerprintOptions {
  port?: number;
  timeoutMs?: number;
  /** Extra trusted CAs (tests). */
  ca?: string | Buffer;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const MAX_BODY = 512 * 1024;
const LOGON_PATH = '/owa/auth/logon.aspx?replaceCurrent=1&url=%2fowa%2f';

interface Page {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function fetchPage(host: string, pathName: string, trust: boolean, options: FingerprintOptions): Promise<Page> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host,
        port: options.port ?? 443,
        path: pathName,
        method: 'GET',
        servername: /^\d+\.\d+\.\d+\.\d+$/.test(host) ? undefined : host,
        rejectUnauthorized: trust,
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        headers: { 'User-Agent': 'ExchangeRemediationWizard/1 (version check)', Accept: 'text/html' },
        timeout: options.timeoutMs ?? 8000,
      },
      response => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs ?? 8000} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end();
  });
}

const OWA_PATH = /\/owa\/(?:auth\/)?(\d+\.\d+\.\d+(?:\.\d+)?)\//i;

function versionsFrom(page: Page): { owaVersion: string | null; pathBuild: string | null } {
  const header = page.headers['x-owa-version'];
  const owaVersion = (Array.isArray(header) ? header[0] : header)?.trim() || null;
  const pathBuild = OWA_PATH.exec(page.body)?.[1] ?? null;
  return { owaVersion, pathBuild };
}

function errorCode(err: unknown): string {
  return (err as { code?: string } | null)?.code ?? '';
}

function describe(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** Follows at most two redirects on the same host (OWA redirects /owa/ to its logon page). */
async function fetchFollowing(host: string, trust: boolean, options: FingerprintOptions): Promise<Page> {
  let pathName = LOGON_PATH;
  for (let hop = 0; hop < 3; hop++) {
    const page = await fetchPage(host, pathName, trust, options);
    const location = page.headers.location;
    if (page.status < 300 || page.status >= 400 || !location || hop === 2) return page;
    const next = new URL(location, `https://${host}`);
    if (next.hostname.toLowerCase() !== host.toLowerCase()) return page;
    pathName = next.pathname + next.search;
  }
  throw new Error('unreachable');
}

export async function fingerprintServer(hostInput: string, options: FingerprintOptions = {}): Promise<FingerprintResult> {
  const check = validateHostName(hostInput);
  if (!check.valid || check.normalized === null) {
    return { host: hostInput, owaVersion: null, pathBuild: null, notes: [`HTTPS version check skipped: ${check.error}`], certificateTrusted: null };
  }
  const host = check.normalized;
  const notes: string[] = [];
  let page: Page;
  let trusted: boolean | null = true;
  try {
    page = await fetchFollowing(host, true, options);
  } catch (err) {
    if (!CERTIFICATE_CODES.has(errorCode(err))) {
      return { host, owaVersion: null, pathBuild: null, notes: [`HTTPS version check of ${host} failed: ${describe(err)}.`], certificateTrusted: null };
    }
    trusted = false;
    notes.push(
      `The HTTPS certificate of ${host} is not trusted by this computer: ${describe(err)}. The version below was read without trusting it; fix the certificate (or this computer's trusted roots) before relying on this connection.`,
    );
    try {
      page = await fetchFollowing(host, false, options);
    } catch (retryErr) {
      notes.push(`HTTPS version check of ${host} failed: ${describe(retryErr)}.`);
      return { host, owaVersion: null, pathBuild: null, notes, certificateTrusted: trusted };
    }
  }
  const { owaVersion, pathBuild } = versionsFrom(page);
  if (owaVersion === null && pathBuild === null) {
    notes.push(`${host} answered on HTTPS (status ${page.status}) but showed no Exchange version: it may not be an Exchange server, or a reverse proxy hides the version.`);
  }
  return { host, owaVersion, pathBuild, notes, certificateTrusted: trusted };
}
