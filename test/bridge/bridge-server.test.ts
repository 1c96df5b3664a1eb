import http from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { checkUpgrade, MAX_BUFFERED_BYTES, startBridgeServer, type BridgeServer } from '../../electron/bridge/server';
import { createEngine, type Engine } from '../../electron/engine/engine';

function connect(url: string, origin: string): Promise<{ opened: boolean; status: number | null; socket: WebSocket }> {
  return new Promise(resolve => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => resolve({ opened: true, status: null, socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? null, socket }));
    socket.once('error', () => resolve({ opened: false, status: null, socket }));
  });
}

function call(socket: WebSocket, method: string, payload: unknown): Promise<any> {
  return callRaw(socket, method, JSON.stringify(payload));
}

function open(server: BridgeServer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${encodeURIComponent(server.token)}`, { origin: server.origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise(resolve => socket.once('close', code => resolve(code)));
}

/** Sends the payload as literal JSON text, so keys such as "__proto__" arrive as own keys. */
function callRaw(socket: WebSocket, method: string, payloadJson: string): Promise<any> {
  return new Promise(resolve => {
    const id = Math.floor(Math.random() * 1e9);
    socket.on('message', data => {
      const message = JSON.parse(data.toString());
      if (message.type === 'result' && message.id === id) resolve(message.result);
    });
    socket.send(`{"type":"invoke","id":${id},"method":${JSON.stringify(method)},"payload":${payloadJson}}`);
  });
}

describe('browser-mode bridge', () => {
  let dir: string;
  let engine: Engine;
  let server: BridgeServer;
  const bridgeUrl = (token: string) => `ws://127.0.0.1:${server.port}/bridge?token=${encodeURIComponent(token)}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-bridge-'));
    const renderer = path.join(dir, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
    engine = createEngine({ mode: 'browser', version: 'test', dataDirectory: path.join(dir, 'home'), ports: { openExternal: async () => undefined } });
    server = await startBridgeServer({ engine, rendererDirectory: renderer });
  });
  afterAll(async () => {
    await server.close();
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and prints a tokenised address', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the contract to the right token and origin', async () => {
    const { opened, socket } = await connect(bridgeUrl(server.token), server.origin);
    expect(opened).toBe(true);
    const info = await call(socket, 'getAppInfo', {});
    expect(info.ok).toBe(true);
    expect(info.value.mode).toBe('browser');
    const bad = await call(socket, 'cancelJob', { jobId: 'has spaces and ;' });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('invalid-input');
    const unknown = await call(socket, 'deleteEverything', {});
    expect(unknown.error.code).toBe('invalid-input');
    socket.close();
  });

  it('refuses a wrong token', async () => {
    const result = await connect(bridgeUrl('wrong-token'), server.origin);
    expect(result.opened).toBe(false);
    expect(result.status).toBe(401);
  });

  it('refuses a foreign Origin', async () => {
    const result = await connect(bridgeUrl(server.token), 'http://evil.example');
    expect(result.opened).toBe(false);
    expect(result.status).toBe(403);
  });

  it('refuses a rebinding Host header', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: `/?token=${server.token}`, headers: { Host: 'evil.example' } }, res => {
        res.resume();
        resolve(res.statusCode);
      });
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(
      checkUpgrade(
        { url: `/bridge?token=${server.token}`, headers: { host: `evil.example:${server.port}`, origin: server.origin }, socket: { remoteAddress: '127.0.0.1' } },
        { token: server.token, origin: server.origin, port: server.port },
      )?.status,
    ).toBe(403);
  });

  it('refuses a non-loopback peer', () => {
    const refusal = checkUpgrade(
      { url: `/bridge?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}`, origin: server.origin }, socket: { remoteAddress: '192.168.1.20' } },
      { token: server.token, origin: server.origin, port: server.port },
    );
    expect(refusal?.status).toBe(403);
  });

  it('cannot be reached on a non-loopback interface at all', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find(a => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!external) return; // no non-loopback interface on this machine: nothing to connect from
    const result = await connect(`ws://${external}:${server.port}/bridge?token=${server.token}`, `http://${external}:${server.port}`);
    expect(result.opened).toBe(false);
    expect(result.status).toBeNull(); // connection refused, no HTTP answer
  });

  it('serves only the renderer files', async () => {
    expect((await fetch(`${server.origin}/?token=${server.token}`)).status).toBe(200);
    // Without a token the page is a reload (its token lives in the page, not the address); only a wrong one is refused.
    expect((await fetch(`${server.origin}/`)).status).toBe(200);
    expect((await fetch(`${server.origin}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${server.origin}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${server.origin}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.origin}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.origin}/assets/app.js`, { method: 'POST' })).status).toBe(405);
    const page = await fetch(`${server.origin}/?token=${server.token}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Its own bridge's port only: not every WebSocket server on 127.0.0.1.
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${server.port};`);
    expect(page.headers.get('content-security-policy')).not.toContain('127.0.0.1:*');
  });

  it('tells Internet Explorer 11 (Server 2016/2019) to open the address in Edge or Chrome instead of a blank page', async () => {
    // IE 11's own User-Agent on Windows Server 2016 / 2019 (Trident/7.0).
    const ie11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko';
    const page = await fetch(`${server.origin}/?token=${server.token}`, { headers: { 'User-Agent': ie11 } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Open it in Microsoft Edge or Google Chrome');
    expect(html).toContain(server.url);
    expect(html).not.toContain('<script');
    // Without the token IE gets the refusal like any browser; Edge and Chrome get the app.
    expect((await fetch(`${server.origin}/`, { headers: { 'User-Agent': ie11 } })).status).toBe(401);
    const edge = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
    expect(await (await fetch(`${server.origin}/?token=${server.token}`, { headers: { 'User-Agent': edge } })).text()).toBe('<!doctype html><title>t</title>');
  });

  it('does not follow a symbolic link out of the renderer folder', async () => {
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'assets', 'linked.txt'));
    const response = await fetch(`${server.origin}/assets/linked.txt`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the browser');
  });

  // Hostile messages: one socket's bad frame or key must never end the engine.
  it.each([
    ['more than 1 MiB', 1009, (socket: WebSocket) => socket.send('x'.repeat(1024 * 1024 + 10))],
    // A masked text frame with the reserved bits set: no valid client sends it.
    ['a malformed frame', 1002, (socket: WebSocket) => (socket as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.from([0xf1, 0x81, 1, 2, 3, 4, 0x41]))],
  ] as const)('closes a socket that sends %s, and keeps serving others', async (_what, expectedCode, send) => {
    const socket = await open(server);
    socket.on('error', () => undefined);
    const code = closed(socket);
    send(socket);
    expect(await code).toBeGreaterThanOrEqual(expectedCode);
    const other = await open(server);
    expect((await call(other, 'getAppInfo', {})).ok).toBe(true);
    other.close();
  });

  it('drops a client that stops reading instead of holding everything for it, and keeps serving the others', async () => {
    const slow = await open(server);
    const healthy = await open(server);
    let healthyBytes = 0;
    healthy.on('message', data => (healthyBytes += (data as Buffer).length));
    // The slow client's TCP socket stops reading: what the engine sends it piles up in the engine.
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const chunk = 'x'.repeat(256 * 1024);
    const total = 3 * MAX_BUFFERED_BYTES;
    for (let sent = 0; sent < total; sent += chunk.length) {
      engine.context.events.emit('jobProgress', { jobId: 'flood', note: chunk } as never);
      await new Promise(resolve => setImmediate(resolve));
    }
    let slowBytes = 0;
    slow.on('message', data => (slowBytes += (data as Buffer).length));
    const slowClosed = closed(slow);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    const code = await Promise.race([slowClosed, new Promise<string>(resolve => setTimeout(() => resolve('still open'), 5000))]);
    expect(code).toBe(1006);
    // It got what was in flight when it was dropped, never the whole flood.
    expect(slowBytes).toBeLessThan(MAX_BUFFERED_BYTES * 2);
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    expect(healthyBytes).toBeGreaterThanOrEqual(total);
    expect((await call(healthy, 'getAppInfo', {})).ok).toBe(true);
    healthy.close();
  });

  it('answers garbage text with a protocol error, not a crash', async () => {
    const socket = await open(server);
    const reply = new Promise<any>(resolve => socket.once('message', data => resolve(JSON.parse(data.toString()))));
    socket.send('{"type":"invoke","id":');
    expect((await reply).type).toBe('protocol-error');
    socket.close();
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s as a server name or checklist key without touching Object.prototype', async key => {
    const socket = await open(server);
    const asServer = await callRaw(socket, 'updateSession', `{"checklist":{"server":${JSON.stringify(key)},"item":"backup","done":true}}`);
    expect(asServer.ok).toBe(false);
    expect(asServer.error.code).toBe('invalid-input');
    const asItem = await callRaw(socket, 'updateSession', `{"checklist":{"server":"EX1","item":${JSON.stringify(key)},"done":true}}`);
    expect(asItem.ok).toBe(false);
    const discovered = await callRaw(socket, 'updateSession', `{"discovered":[{"name":${JSON.stringify(key)},"fqdn":null,"versionHint":null,"roles":[],"site":null,"source":"manual","notes":[]}]}`);
    expect(discovered.ok).toBe(false);
    expect(({} as Record<string, unknown>).done).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'backup')).toBe(false);
    const session = await call(socket, 'loadSession', {});
    expect(session.ok).toBe(true);
    socket.close();
  });

  it('saves a tick for a server named like an object method without reaching the prototype', async () => {
    const socket = await open(server);
    const result = await call(socket, 'updateSession', { checklist: { server: 'toString', item: 'backup', done: true } });
    expect(result.ok).toBe(true);
    expect(result.value.session.checklist.toString.backup.done).toBe(true);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
    socket.close();
  });
});
