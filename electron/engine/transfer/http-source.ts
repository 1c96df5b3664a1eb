import { finished, PassThrough, type Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { AppError } from '../../../src-shared/domain/errors';
import { classifyNetworkError, RestartFromScratch, TransientFailure } from './network-errors';
import { keepParserOnBaselineCompiler } from './v8-memory';

/** What identifies one version of the file on the server. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** What one request for the file needs, whichever network stack sends it. */
export interface SourceOptions {
  url: URL;
  /** Bytes already on disk; 0 asks for the whole file. */
  offset: number;
  /** Validators of the bytes on disk, sent as If-Range so a changed file comes back whole. */
  validators: Validators | null;
  signal: AbortSignal;
  /** Checks every redirect target against the allow-list (throws to refuse). */
  checkRedirect(location: string): URL;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/**
 * Where download bytes come from: one GET (redirects followed, each checked) sorted into a
 * body from a known offset or "nothing left". Two stacks: undici (the CLI and browser mode,
 * with the proxy route of proxy.ts) and Chromium's, through Electron's `net` in the desktop
 * app (the Windows certificate store, the system proxy with PAC/WPAD, integrated sign-in to
 * the proxy); electron/main/net-source.ts. Resume, hashing and faults are the downloader's,
 * the same for both.
 */
export interface DownloadSource {
  open(options: SourceOptions): Promise<OpenedBody | OpenedNothing>;
}

export interface OpenOptions extends SourceOptions {
  dispatcherFor(url: URL): Dispatcher;
}

/** The undici source over a proxy route (proxy.ts). */
export function undiciSource(route: { dispatcherFor(url: URL): Dispatcher }): DownloadSource {
  return { open: options => openDownload({ ...options, dispatcherFor: target => route.dispatcherFor(target) }) };
}

/** The request headers every source sends: no compression (the bytes are hashed), and Range/If-Range when resuming. */
export function requestHeaders(options: Pick<SourceOptions, 'offset' | 'validators'>): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'ExchangeRemediationWizard' };
  if (options.offset > 0) {
    headers.range = `bytes=${options.offset}-`;
    const ifRange = ifRangeValue(options.validators);
    if (ifRange) headers['if-range'] = ifRange;
  }
  return headers;
}

/** A final (non-redirect) answer as any stack gives it. */
export interface RawAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/**
 * Sorts a final answer: the file's bytes (200/206, with a 206's Content-Range checked),
 * nothing left (416), or the status's error (TransientFailure for answers worth retrying).
 * A body not used is released with `release`.
 */
export async function sortAnswer(answer: RawAnswer, url: URL, offset: number, release: (body: Readable) => Promise<void>): Promise<OpenedBody | OpenedNothing> {
  const { statusCode } = answer;
  if (statusCode === 200 || statusCode === 206) return bodyResponse(answer, url, offset);
  await release(answer.body);
  if (statusCode === 416) {
    return { kind: 'range-not-satisfiable', totalBytes: parseContentRange(header(answer.headers, 'content-range'))?.total ?? null };
  }
  throw statusError(statusCode, url);
}

/**
 * A response body that keeps what already arrived when the connection fails.
 *
 * undici destroys a failed body, and a destroyed stream drops the bytes it
 * had buffered (often all of them, when the data and the close arrive
 * together). This stream is piped from the body at once; when the body fails
 * it simply ends, so the consumer still gets every byte received, and then
 * finds the failure in `failure`.
 */
export class GuardedBody extends PassThrough {
  failure: unknown = null;
  /** Body bytes received so far (the downloader's minimum-rate check reads it). */
  received = 0;

  constructor(private readonly source: Readable) {
    super({ highWaterMark: BODY_HIGH_WATER_MARK });
    finished(source, err => {
      if (err) this.stop(err);
    });
    source.pipe(this);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.received += chunk.length;
    callback(null, chunk);
  }

  /** Gives up on the connection as if it had failed with `reason`: the bytes already here still reach the consumer. */
  abandon(reason: unknown): void {
    this.stop(reason);
    this.source.destroy();
  }

  private stop(reason: unknown): void {
    // The first reason wins: destroying the source after abandon() reports a premature close too.
    this.failure ??= reason;
    this.source.unpipe(this);
    if (!this.destroyed && !this.writableEnded) this.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source.destroy();
    callback(error);
  }
}

/** A response whose body carries file bytes from `start`. */
export interface OpenedBody {
  kind: 'body';
  /** 200: the whole file from byte 0; 206: from `start`. */
  status: 200 | 206;
  start: number;
  totalBytes: number | null;
  validators: Validators;
  body: GuardedBody;
  finalUrl: URL;
}

/** 416: nothing left after `offset`; `totalBytes` from Content-Range when given. */
export interface OpenedNothing {
  kind: 'range-not-satisfiable';
  totalBytes: number | null;
}

const MAX_REDIRECTS = 5;
// 64 KiB (one socket read): the body waits in the file writer's queue, not
// here; a short queue keeps every network buffer short-lived (v8-memory.ts).
const BODY_HIGH_WATER_MARK = 64 * 1024;

/**
 * Sends one GET for the file (following redirects, each checked against the
 * allow-list) and sorts the answer. Throws TransientFailure for answers worth
 * retrying, AppError for final ones.
 */
export async function openDownload(options: OpenOptions): Promise<OpenedBody | OpenedNothing> {
  keepParserOnBaselineCompiler();
  let url = options.url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers = requestHeaders(options);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        headers,
        dispatcher: options.dispatcherFor(url),
        signal: options.signal,
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: options.bodyTimeoutMs,
        highWaterMark: BODY_HIGH_WATER_MARK,
      });
    } catch (err) {
      throw classifyNetworkError(err, url.host);
    }
    const { statusCode } = response;
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
      await discard(response.body);
      const location = header(response.headers, 'location');
      if (!location) throw new AppError('network', `${url.host} answered with a redirect (${statusCode}) but no address.`);
      url = options.checkRedirect(new URL(location, url).toString());
      continue;
    }
    return sortAnswer(response, url, options.offset, discard);
  }
  throw new AppError('network', `The download was redirected more than ${MAX_REDIRECTS} times.`, { detail: options.url.toString() });
}

function bodyResponse(response: RawAnswer, url: URL, offset: number): OpenedBody {
  const validators: Validators = { etag: header(response.headers, 'etag'), lastModified: header(response.headers, 'last-modified') };
  const length = numberHeader(header(response.headers, 'content-length'));
  if (response.statusCode === 200) {
    return { kind: 'body', status: 200, start: 0, totalBytes: length, validators, body: new GuardedBody(response.body), finalUrl: url };
  }
  const range = parseContentRange(header(response.headers, 'content-range'));
  const problem = rangeProblem(range, offset, length);
  if (problem || !range) {
    response.body.destroy();
    throw new RestartFromScratch(`the server answered a range request for bytes ${offset}- with ${problem ?? 'no usable Content-Range'}`);
  }
  return { kind: 'body', status: 206, start: offset, totalBytes: range.total, validators, body: new GuardedBody(response.body), finalUrl: url };
}

/**
 * Why a 206's Content-Range cannot be the rest of the file from `offset`, or
 * null when it can: it must start there, end at or after its start and before
 * the total, and agree with Content-Length. Anything else is not written: the
 * download starts over rather than trusting bytes of unknown place.
 */
export function rangeProblem(range: ReturnType<typeof parseContentRange>, offset: number, contentLength: number | null): string | null {
  if (!range || range.start === null || range.end === null) return 'no usable Content-Range';
  const shown = `bytes ${range.start}-${range.end}/${range.total ?? '*'}`;
  if (range.start !== offset) return `${shown}, which starts elsewhere`;
  if (range.end < range.start) return `${shown}, which ends before it starts`;
  if (range.total !== null && range.end >= range.total) return `${shown}, which ends past the file's size`;
  if (contentLength !== null && contentLength !== range.end - range.start + 1) return `${shown} but ${contentLength} bytes`;
  return null;
}

/** Strong ETag first (a weak one is not allowed in If-Range), else Last-Modified. */
export function ifRangeValue(validators: Validators | null): string | null {
  if (!validators) return null;
  if (validators.etag && !validators.etag.startsWith('W/')) return validators.etag;
  return validators.lastModified;
}

/** Parses "bytes 100-199/1000", and the 416 form with an asterisk for the range (start and end null). */
export function parseContentRange(value: string | null): { start: number | null; end: number | null; total: number | null } | null {
  if (!value) return null;
  const full = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
  if (full) return { start: Number(full[1]), end: Number(full[2]), total: full[3] === '*' ? null : Number(full[3]) };
  const unsatisfied = /^bytes\s+\*\/(\d+)$/i.exec(value.trim());
  return unsatisfied ? { start: null, end: null, total: Number(unsatisfied[1]) } : null;
}

function statusError(status: number, url: URL): Error {
  const where = url.host;
  if (status === 404 || status === 410) {
    return new AppError('not-found', `The file is not on ${where} (HTTP ${status}).`, {
      fix: "Microsoft may have withdrawn or moved it: open the update's KB or Download Center page for the current link, or download it there and import it.",
      detail: url.toString(),
    });
  }
  if (status === 401 || status === 403) {
    return new AppError('access-denied', `${where} refused the download (HTTP ${status}).`, {
      fix: 'If your network filters downloads, ask for access to this address, or download the file elsewhere and import it.',
      detail: url.toString(),
    });
  }
  if (status === 407) {
    return new AppError('network', 'The proxy server asks for a sign-in (HTTP 407).', {
      fix: 'Give the proxy with its user name and password (http://user:password@proxy:port), or download the file elsewhere and import it.',
    });
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new TransientFailure(`${where} answered HTTP ${status}`);
  }
  return new AppError('network', `${where} answered HTTP ${status} instead of the file.`, { detail: url.toString() });
}

function header(headers: RawAnswer['headers'], name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function numberHeader(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** Reads and drops a small body (redirect, error page) so the connection can be reused. */
async function discard(body: Readable & { dump?: (opts?: { limit: number }) => Promise<void> }): Promise<void> {
  try {
    if (body.dump) await body.dump({ limit: 64 * 1024 });
    else body.destroy();
  } catch {
    // A body we do not want failing to drain changes nothing.
  }
}
