import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP(S) file server for the transfer tests, with one fault mode per
 * case the downloader must survive. Every request is logged so tests can
 * assert what the client sent (Range, If-Range).
 */
export type Fault =
  | { kind: 'none' }
  /** The first `times` responses are cut (socket destroyed) after `afterBytes` body bytes. */
  | { kind: 'drop'; afterBytes: number; times: number }
  /** Answers every request with 200 and the whole file, whatever Range says. */
  | { kind: 'ignore-range' }
  /** The first response is cut after `dropAfter` bytes, then the file is replaced (new ETag); If-Range is honoured. */
  | { kind: 'change-after-first'; dropAfter: number }
  /** Same, but the server ignores If-Range and answers 206 from the new file. */
  | { kind: 'change-ignoring-if-range'; dropAfter: number }
  /** Never sends the bytes at and after `offset`: every response is cut there. */
  | { kind: 'stall-at'; offset: number }
  /** Chunked responses (no Content-Length) that end cleanly after `bytes` body bytes. */
  | { kind: 'short-chunked'; bytes: number }
  /** Answers `status` (the first `times` requests, or all). */
  | { kind: 'status'; status: number; times?: number }
  /** Redirects to `location`. */
  | { kind: 'redirect'; location: string }
  /** Sends slowly (for cancel tests). */
  | { kind: 'slow'; bytesPerSecond: number }
  /** Sends one byte every `intervalMs`: never idle long enough for an idle timeout. */
  | { kind: 'drip'; intervalMs: number };

/** File content, possibly generated on the fly (for the large-file tests). */
export interface Content {
  size: number;
  read(start: number, end: number): Buffer;
}

export function bufferContent(bytes: Buffer): Content {
  return { size: bytes.length, read: (start, end) => bytes.subarray(start, end) };
}

/**
 * Deterministic bytes without holding them in memory: 1 MiB blocks of one
 * random pattern, each stamped with its block number, so no two blocks match.
 */
export function generatedContent(size: number): Content {
  const BLOCK = 1024 * 1024;
  const pattern = randomishBytes(BLOCK, 7);
  let cached = { k: -1, bytes: pattern };
  const block = (k: number) => {
    if (cached.k !== k) {
      const copy = Buffer.from(pattern);
      copy.writeUInt32LE(k, 0);
      cached = { k, bytes: copy };
    }
    return cached.bytes;
  };
  return {
    size,
    read(start, end) {
      const out = Buffer.allocUnsafe(end - start);
      for (let pos = start; pos < end;) {
        const k = Math.floor(pos / BLOCK);
        const within = pos - k * BLOCK;
        const take = Math.min(BLOCK - within, end - pos);
        block(k).copy(out, pos - start, within, within + take);
        pos += take;
      }
      return out;
    },
  };
}

export function sha256Of(content: Content): string {
  const hash = createHash('sha256');
  const step = 4 * 1024 * 1024;
  for (let i = 0; i < content.size; i += step) hash.update(content.read(i, Math.min(content.size, i + step)));
  return hash.digest('hex');
}

export function randomishBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface LoggedRequest {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
  status: number;
}

export interface FaultServer {
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  url(name: string): string;
  readonly requests: LoggedRequest[];
  fault: Fault;
  content: Content;
  /** The content served after a "change" fault fires. */
  changedContent: Content;
  close(): Promise<void>;
}

export interface FaultServerOptions {
  content: Content;
  changedContent?: Content;
  fault?: Fault;
  tls?: { key: string; cert: string };
  /** Send ETag (default true) and Last-Modified (default true). */
  etag?: boolean;
  lastModified?: boolean;
}

const CHUNK = 64 * 1024;

export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  let served = 0;
  let version = 1;
  const state = {
    fault: options.fault ?? ({ kind: 'none' } as Fault),
    content: options.content,
    changedContent: options.changedContent ?? bufferContent(Buffer.from('a different file entirely')),
  };
  const requests: LoggedRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void respond(req, res).catch(() => res.destroy());
  };

  async function respond(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const fault = state.fault;
    const number = ++served;
    const log: LoggedRequest = { path: req.url ?? '', range: header(req, 'range'), ifRange: header(req, 'if-range'), status: 0 };
    requests.push(log);
    const reply = (status: number, headers: http.OutgoingHttpHeaders) => {
      log.status = status;
      res.writeHead(status, headers);
    };

    if (fault.kind === 'status' && (fault.times === undefined || number <= fault.times)) {
      reply(fault.status, { 'content-type': 'text/plain' });
      res.end(`status ${fault.status}\n`);
      return;
    }
    if (fault.kind === 'redirect') {
      reply(302, { location: fault.location });
      res.end();
      return;
    }
    if ((fault.kind === 'change-after-first' || fault.kind === 'change-ignoring-if-range') && number === 2) {
      version = 2;
      state.content = state.changedContent;
    }
    const content = state.content;
    const etag = `"v${version}-${content.size}"`;
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
    if (options.etag !== false) headers.etag = etag;
    if (options.lastModified !== false) headers['last-modified'] = version === 1 ? 'Mon, 02 Nov 2026 10:00:00 GMT' : 'Wed, 25 Nov 2026 10:00:00 GMT';

    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(log.range ?? '');
    const ifRangeOk = log.ifRange === undefined || log.ifRange === etag || log.ifRange === headers['last-modified'] || fault.kind === 'change-ignoring-if-range';
    const chunked = fault.kind === 'short-chunked';
    if (range && fault.kind !== 'ignore-range' && ifRangeOk) {
      start = Number(range[1]);
      if (start >= content.size) {
        reply(416, { ...headers, 'content-range': `bytes */${content.size}` });
        res.end();
        return;
      }
      reply(206, {
        ...headers,
        'content-range': `bytes ${start}-${content.size - 1}/${content.size}`,
        ...(chunked ? {} : { 'content-length': content.size - start }),
      });
    } else {
      reply(200, { ...headers, ...(chunked ? {} : { 'content-length': content.size }) });
    }

    let stopAt = content.size;
    let cut = false;
    if (fault.kind === 'drop' && number <= fault.times) {
      stopAt = Math.min(content.size, start + fault.afterBytes);
      cut = true;
    }
    if ((fault.kind === 'change-after-first' || fault.kind === 'change-ignoring-if-range') && number === 1) {
      stopAt = Math.min(content.size, start + fault.dropAfter);
      cut = true;
    }
    if (fault.kind === 'stall-at') {
      stopAt = Math.max(start, Math.min(content.size, fault.offset));
      cut = true;
    }
    if (chunked) stopAt = Math.min(content.size, start + fault.bytes);
    const began = Date.now();
    for (let offset = start; offset < stopAt; offset += CHUNK) {
      if (res.destroyed) return;
      const end = Math.min(stopAt, offset + CHUNK);
      if (fault.kind === 'drip') {
        for (let at = offset; at < end && !res.destroyed; at++) {
          res.write(content.read(at, at + 1));
          await new Promise(resolve => setTimeout(resolve, fault.intervalMs));
        }
        continue;
      }
      if (!res.write(content.read(offset, end))) await new Promise(resolve => res.once('drain', resolve));
      if (fault.kind === 'slow') {
        const wait = began + ((end - start) / fault.bytesPerSecond) * 1000 - Date.now();
        if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
      }
    }
    if (cut) {
      // Close the connection mid-body (FIN after the bytes written, as a proxy
      // or a dying line does): the client gets these bytes, then a short body.
      const socket = res.socket;
      socket?.end();
      setTimeout(() => socket?.destroy(), 1000).unref();
      return;
    }
    res.end();
  }

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: name => `${origin}/files/${name}`,
    requests,
    get fault() {
      return state.fault;
    },
    set fault(value: Fault) {
      state.fault = value;
      served = 0;
    },
    get content() {
      return state.content;
    },
    set content(value: Content) {
      state.content = value;
    },
    get changedContent() {
      return state.changedContent;
    },
    set changedContent(value: Content) {
      state.changedContent = value;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
