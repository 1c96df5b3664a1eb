import { AppError } from '../../../src-shared/domain/errors';
import { errnoCode } from './fs-errors';

/**
 * A failure worth retrying after a pause: a dropped connection, a stalled or
 * truncated body, a busy server. The downloader resumes after it; when the
 * retries run out it becomes a `network` AppError.
 */
export class TransientFailure extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransientFailure';
  }
}

/**
 * The connection stays open but hardly anything comes (a slow drip of a byte
 * every few seconds keeps an idle timeout from ever firing). Retried like a
 * drop, but the few bytes it brought do not count as progress, so the
 * retries run out instead of going on for ever.
 */
export class StalledTransfer extends TransientFailure {
  constructor(message: string) {
    super(message);
    this.name = 'StalledTransfer';
  }
}

/**
 * The server (or a CDN node) answered in a way that makes the partial file
 * useless: it ignored the range, or the file changed. Start over from byte 0.
 */
export class RestartFromScratch extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RestartFromScratch';
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'UND_ERR_PRX_TLS',
]);

// Refused connections and temporary DNS failures are retried too: on a flaky
// line or a VPN that is reconnecting they are as temporary as a reset.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Chromium's network errors (Electron's `net` reports them as "net::ERR_…" messages) as the
 * Node codes the rules above use, so both network stacks are sorted alike. A certificate
 * error is named CERT_UNTRUSTED: retrying cannot help.
 */
const CHROMIUM_CODES: Record<string, string> = {
  ERR_CONNECTION_RESET: 'ECONNRESET',
  ERR_CONNECTION_CLOSED: 'ECONNRESET',
  ERR_EMPTY_RESPONSE: 'ECONNRESET',
  ERR_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'ECONNRESET',
  ERR_CONNECTION_ABORTED: 'ECONNABORTED',
  ERR_CONNECTION_REFUSED: 'ECONNREFUSED',
  ERR_CONNECTION_TIMED_OUT: 'ETIMEDOUT',
  ERR_TIMED_OUT: 'ETIMEDOUT',
  ERR_NETWORK_CHANGED: 'ENETDOWN',
  ERR_INTERNET_DISCONNECTED: 'ENETDOWN',
  ERR_ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  ERR_NAME_NOT_RESOLVED: 'ENOTFOUND',
  ERR_NAME_RESOLUTION_FAILED: 'EAI_AGAIN',
  ERR_PROXY_CONNECTION_FAILED: 'ECONNREFUSED',
};

function chromiumCode(err: unknown): string | undefined {
  const name = /\bnet::(ERR_[A-Z0-9_]+)/.exec(err instanceof Error ? err.message : '')?.[1];
  if (!name) return undefined;
  if (/^ERR_(CERT_|SSL_|BAD_SSL_)/.test(name)) return 'CERT_UNTRUSTED';
  return CHROMIUM_CODES[name];
}

/** Codes of an error and of its causes, outermost first. */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = errnoCode(current) ?? chromiumCode(current);
    if (code) codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * Sorts an error from the network side of a download: TLS problems are
 * final (`tls` AppError, retrying cannot help), connection problems are
 * transient, anything else is returned unchanged for the caller to map.
 */
export function classifyNetworkError(err: unknown, host: string): unknown {
  if (err instanceof AppError || err instanceof TransientFailure || err instanceof RestartFromScratch) return err;
  const codes = codesOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (codes.some(c => TLS_CODES.has(c))) {
    return new AppError('tls', `The secure connection to ${host} could not be verified.`, {
      fix: /\bnet::ERR_/.test(message)
        ? "The desktop app trusts what Windows trusts: if your network inspects HTTPS traffic, its root certificate must be in this computer's Trusted Root Certification Authorities (usually deployed by Group Policy). Or download the file on another computer and import it."
        : "If your network inspects HTTPS traffic, set NODE_EXTRA_CA_CERTS to your organisation's root certificate (PEM file) and try again, or download the file on another computer and import it.",
      detail: `${codes.join(', ')}: ${message}`,
    });
  }
  if (codes.includes('ENOTFOUND')) {
    // The name does not exist for this computer's DNS: offline or air-gapped, not a blip.
    return new AppError('unreachable', `${host} could not be found: this computer cannot resolve Microsoft's download server.`, {
      fix: 'Check the internet connection (and the proxy settings). On a computer without internet access, download the file elsewhere and import it.',
      detail: `${codes.join(', ')}: ${message}`,
    });
  }
  if (codes.some(c => TRANSIENT_CODES.has(c))) {
    return new TransientFailure(`${describe(codes)} (${host})`, { cause: err });
  }
  return err;
}

function describe(codes: string[]): string {
  if (codes.includes('UND_ERR_BODY_TIMEOUT')) return 'The server stopped sending data';
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) return 'The server did not answer in time';
  if (codes.includes('EAI_AGAIN')) return 'The server name could not be resolved';
  if (codes.includes('ECONNREFUSED')) return 'The connection was refused';
  if (codes.includes('UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return 'The server sent fewer bytes than it announced';
  return 'The connection dropped';
}

/** How failures are retried. */
export interface RetryPolicy {
  /** Failures in a row without any new bytes before giving up. */
  maxConsecutiveFailures: number;
  /** Restarts from byte 0 (range ignored, file changed) before giving up. */
  maxRestarts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxConsecutiveFailures: 5,
  maxRestarts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

/** Exponential backoff with ±20 % jitter, so many clients do not retry in step. */
export function backoffDelay(failure: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failure - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
