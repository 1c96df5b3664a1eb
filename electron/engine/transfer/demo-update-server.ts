import { createCipheriv, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { AllowedHost } from './allowed-hosts';
import type { PackageLookup } from './package-lookup';

/**
 * The demo organisation's update server: a loopback HTTP server that serves
 * DEMO CONTENT (deterministic bytes generated from the package id, starting
 * with a text banner saying so), never Microsoft files, so the download,
 * verification and staging steps can be shown without the internet.
 *
 * How the engine uses it: the transfer handlers start it on first use when
 * the session's organisation is the demo one, and map every catalog package to
 * its demo twin with `lookup()` (same id, a "DEMO-...bin" file name, a URL on
 * this server, the demo SHA-256 and size). The host is allowed explicitly for
 * that download only; plain HTTP is accepted because it is loopback.
 *
 * Fault modes (for the browser tests, or EXWIZ_DEMO_DOWNLOAD_FAULT):
 * - `drop-once`: the first full request for each package is cut at 40 %, so
 *   the wizard shows the dropped connection and resumes with a Range request;
 * - `wrong-bytes`: one byte is changed in what is served, so the SHA-256
 *   check fails and the file is refused;
 * - `none` (default).
 */
export type DemoFault = 'none' | 'drop-once' | 'wrong-bytes';

export interface DemoUpdateServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Size of every demo package (default 4 MiB). */
  sizeBytes?: number;
  /** Pace of the transfer so progress is visible (default 2 MiB/s; 0 = as fast as possible). */
  bytesPerSecond?: number;
  fault?: DemoFault;
}

/** A demo package as the server serves it. */
export interface DemoPackage {
  id: string;
  fileName: string;
  url: string;
  sha256: string;
  sizeBytes: number;
}

export interface DemoUpdateServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The host to allow for downloads from this server. */
  readonly allowedHost: AllowedHost;
  /** The demo twin of a catalog package. */
  packageFor(pkg: UpdatePackage): UpdatePackage;
  /** Wraps a catalog lookup so every package it finds comes from this server. */
  lookup(base: PackageLookup): PackageLookup;
  /** Demo bytes, name and hash for a package id (also for ids not in the catalog). */
  demoPackage(id: string, fileName?: string): DemoPackage;
  /** The exact bytes served for an id (for importing a demo file in a demo). */
  bytesFor(id: string): Buffer;
  setFault(fault: DemoFault): void;
  close(): Promise<void>;
}

const DEFAULT_SIZE = 4 * 1024 * 1024;
const DEFAULT_RATE = 2 * 1024 * 1024;
const CHUNK = 64 * 1024;
const LAST_MODIFIED = 'Thu, 26 Nov 2026 08:00:00 GMT';
const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Reads EXWIZ_DEMO_DOWNLOAD_FAULT; anything unknown is "none". */
export function demoFaultFromEnv(env: NodeJS.ProcessEnv = process.env): DemoFault {
  const value = env.EXWIZ_DEMO_DOWNLOAD_FAULT;
  return value === 'drop-once' || value === 'wrong-bytes' ? value : 'none';
}

/**
 * Reads EXWIZ_DEMO_DOWNLOAD_RATE (bytes per second, 0 = as fast as possible); anything else is
 * the default pace, slow enough for the admin to watch the progress. The browser tests run unpaced.
 */
export function demoRateFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.EXWIZ_DEMO_DOWNLOAD_RATE?.trim();
  return value && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/**
 * Deterministic demo bytes: a banner, then a pseudo-random stream seeded from
 * the id, so the same id always has the same hash.
 */
export function demoBytes(id: string, sizeBytes: number = DEFAULT_SIZE): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  const banner = Buffer.from(
    `EXCHANGE REMEDIATION WIZARD - DEMO CONTENT\r\nThis is not a Microsoft file and not an installer.\r\n` + `It stands in for update package "${id}" in the wizard's demo organisation.\r\n\r\n`,
    'utf8',
  );
  const head = banner.copy(bytes, 0, 0, Math.min(banner.length, sizeBytes));
  // An AES-256-CTR keystream keyed by the id's SHA-256: fast and reproducible.
  const key = createHash('sha256').update(`exwiz-demo:${id}`).digest();
  const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(sizeBytes - head));
  stream.copy(bytes, head);
  return bytes;
}

/** "DEMO-<name without extension>.bin": not executable, plainly a demo file. */
export function demoFileName(fileName: string): string {
  const stem = fileName.replace(/\.[A-Za-z0-9]{1,4}$/, '');
  return `DEMO-${stem}.bin`;
}

/** Starts the demo update server on 127.0.0.1. */
export async function startDemoUpdateServer(options: DemoUpdateServerOptions = {}): Promise<DemoUpdateServer> {
  const sizeBytes = options.sizeBytes ?? DEFAULT_SIZE;
  const rate = options.bytesPerSecond ?? DEFAULT_RATE;
  let fault: DemoFault = options.fault ?? 'none';
  const cache = new Map<string, { bytes: Buffer; sha256: string }>();
  const dropped = new Set<string>();

  const content = (id: string) => {
    let entry = cache.get(id);
    if (!entry) {
      const bytes = demoBytes(id, sizeBytes);
      entry = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
      if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
      cache.set(id, entry);
    }
    return entry;
  };

  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => res.destroy());
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/demo-packages\/([^/]+)\/[^/]+$/.exec(new URL(req.url ?? '/', 'http://demo').pathname);
    const id = match ? decodeURIComponent(match[1]!) : '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !ID_PATTERN.test(id)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such demo package.\n');
      return;
    }
    const entry = content(id);
    let bytes = entry.bytes;
    if (fault === 'wrong-bytes') {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1]! + 1) & 0xff;
    }
    const etag = `"${entry.sha256.slice(0, 32)}"`;
    const common = { 'content-type': 'application/octet-stream', etag, 'last-modified': LAST_MODIFIED, 'accept-ranges': 'bytes' };
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= bytes.length) {
        res.writeHead(416, { ...common, 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      res.writeHead(206, { ...common, 'content-length': bytes.length - start, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    } else {
      res.writeHead(200, { ...common, 'content-length': bytes.length });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const dropAt = fault === 'drop-once' && start === 0 && !dropped.has(id) ? Math.floor(bytes.length * 0.4) : null;
    if (dropAt !== null) dropped.add(id);
    const began = Date.now();
    for (let offset = start; offset < bytes.length; offset += CHUNK) {
      if (res.destroyed) return;
      const end = Math.min(bytes.length, offset + CHUNK, dropAt ?? Infinity);
      if (end > offset && !res.write(bytes.subarray(offset, end))) {
        await new Promise(resolve => res.once('drain', resolve));
      }
      if (dropAt !== null && end >= dropAt) {
        // Close the connection mid-body, the way a flaky line or a proxy does.
        const socket = res.socket;
        socket?.end();
        setTimeout(() => socket?.destroy(), 1000).unref();
        return;
      }
      if (rate > 0) {
        const due = began + ((end - start) / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
      }
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A background demo must not keep the app (or a CLI run) alive.
  server.unref();
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const demoPackage = (id: string, fileName = `${id}.bin`): DemoPackage => {
    const name = fileName.startsWith('DEMO-') ? fileName : demoFileName(fileName);
    const entry = content(id);
    return { id, fileName: name, url: `${origin}/demo-packages/${encodeURIComponent(id)}/${encodeURIComponent(name)}`, sha256: entry.sha256, sizeBytes };
  };
  const packageFor = (pkg: UpdatePackage): UpdatePackage => {
    const demo = demoPackage(pkg.id, pkg.fileName);
    return { ...pkg, fileName: demo.fileName, url: demo.url, sha256: demo.sha256, sizeBytes: demo.sizeBytes, downloadPage: null };
  };

  return {
    origin,
    allowedHost: { hostname: '127.0.0.1', port },
    packageFor,
    lookup: base => id => {
      const pkg = base(id);
      return pkg ? packageFor(pkg) : null;
    },
    demoPackage,
    bytesFor: id => Buffer.from(content(id).bytes),
    setFault: next => {
      fault = next;
      dropped.clear();
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
