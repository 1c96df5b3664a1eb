import { internetExplorerPage, isInternetExplorer } from './old-browser';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { EVENT_NAMES } from '../../src-shared/ipc/channels';
import type { Engine } from '../engine/engine';
import { BRIDGE_PATH, bridgeContentSecurityPolicy } from './protocol';

/**
 * Browser mode: serves the renderer build and the engine over a WebSocket that
 * speaks the same IPC contract as Electron's preload.
 *
 * Loopback only, by construction and by check: the server binds to 127.0.0.1,
 * every request must name 127.0.0.1:<port> as Host (no DNS rebinding), the
 * WebSocket needs the per-launch token from the URL and the page's own Origin,
 * and nothing but the renderer's files and the bridge is served.
 */
export interface BridgeServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  engine: Engine;
  rendererDirectory: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * How far a client may fall behind: bytes sent to it that it has not read yet. The page reads
 * everything at once; a client that stops reading (a stuck tab, a hostile local process) would
 * otherwise make the engine hold every event and result for it (128 to 922 MB in 14 s).
 */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Sends to one client, or drops it when it has fallen further behind than MAX_BUFFERED_BYTES:
 * terminated, not closed, since a close frame would wait behind what it never reads. One message
 * is always sent to a client that keeps up, however large (a report's result).
 */
function sendOrDrop(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(text);
}

const ClientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  payload: z.unknown(),
});

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startBridgeServer(options: BridgeOptions): Promise<BridgeServer> {
  const token = randomBytes(24).toString('base64url');
  const root = path.resolve(options.rendererDirectory);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  const origin = () => `http://127.0.0.1:${port}`;

  const server = http.createServer((req, res) => {
    void serveStatic(req, res, root, token, port).catch(() => respond(res, 500, 'Internal error'));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, { token, origin: origin(), port });
    if (refusal) {
      socket.write(`HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, ws => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A frame over MAX_MESSAGE_BYTES, bad UTF-8 or a malformed frame is an
      // error of this socket only: ws closes it (1009/1002/1007); without a
      // listener the error would be thrown and end the whole engine.
      ws.on('error', () => {
        sockets.delete(ws);
        ws.terminate();
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return void ws.close(1003, 'Text frames only');
        void handleMessage(ws, data.toString(), options.engine);
      });
    });
  });

  const eventNames = new Set<string>(EVENT_NAMES);
  const unsubscribe = options.engine.context.events.subscribe((event, payload) => {
    if (!eventNames.has(event)) return;
    const text = JSON.stringify({ type: 'event', name: event, payload });
    for (const ws of sockets) sendOrDrop(ws, text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${origin()}/?token=${token}`,
    origin: origin(),
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

async function handleMessage(ws: WebSocket, text: string, engine: Engine): Promise<void> {
  let message: z.infer<typeof ClientMessage>;
  try {
    message = ClientMessage.parse(JSON.parse(text));
  } catch {
    sendOrDrop(ws, JSON.stringify({ type: 'protocol-error', message: 'Malformed bridge message.' }));
    return;
  }
  const result = await engine.dispatch(message.method, message.payload);
  sendOrDrop(ws, JSON.stringify({ type: 'result', id: message.id, result }));
}

export interface UpgradeRefusal {
  status: number;
  reason: string;
}

/** Loopback addresses as Node reports the peer of a socket bound to 127.0.0.1. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * Decides whether a WebSocket upgrade may reach the engine.
 *
 * Exported for tests: a connection from another machine cannot even reach a
 * socket bound to 127.0.0.1, so the peer-address check is exercised directly.
 */
export function checkUpgrade(
  req: Pick<IncomingMessage, 'url' | 'headers'> & { socket: { remoteAddress?: string | undefined } },
  expected: { token: string; origin: string; port: number },
): UpgradeRefusal | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, reason: 'Forbidden' };
  if (!hostIsLoopback(req.headers.host, expected.port)) return { status: 403, reason: 'Forbidden' };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== BRIDGE_PATH) return { status: 404, reason: 'Not Found' };
  if (!tokensEqual(url.searchParams.get('token'), expected.token)) return { status: 401, reason: 'Unauthorized' };
  if (req.headers.origin !== expected.origin) return { status: 403, reason: 'Forbidden' };
  return null;
}

function hostIsLoopback(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function tokensEqual(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, token: string, port: number): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, 'Method not allowed');
  if (!isLoopbackAddress(req.socket.remoteAddress) || !hostIsLoopback(req.headers.host, port)) return respond(res, 403, 'Forbidden');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let relative = decodeURIComponent(url.pathname);
  if (relative === '/' || relative === '/index.html') {
    // The page holds no secret: without a token it is a reload (the page took the token out of its
    // address and kept it, see launchToken) and only the bridge checks the token. A wrong token is
    // an old or mistyped address: say so instead of showing a page that cannot connect.
    const given = url.searchParams.get('token');
    if (given !== null && !tokensEqual(given, token)) return respond(res, 401, 'Open the address printed by "npm start" (it carries the access token).');
    // Internet Explorer cannot run the page, so it never took the token out of its address: a
    // token-less IE request is not a reload and gets the refusal; with the token, where to open it.
    if (isInternetExplorer(req.headers['user-agent'])) {
      if (given === null) return respond(res, 401, 'Open the address printed by "npm start" (it carries the access token).');
      return respondHtml(res, internetExplorerPage(`http://127.0.0.1:${port}/?token=${token}`));
    }
    relative = '/index.html';
  }
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  if (!file.startsWith(root + path.sep)) return respond(res, 404, 'Not found');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return respond(res, 404, 'Not found');
  // A symbolic link inside the renderer folder must not serve a file from elsewhere.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (!realFile.startsWith(realRoot + path.sep)) return respond(res, 404, 'Not found');
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Content-Security-Policy': bridgeContentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function respondHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

function respond(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
