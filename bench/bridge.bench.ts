import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startBridgeServer } from '../electron/bridge/server';
import { createEngine } from '../electron/engine/engine';
import { rendererDirectory } from '../electron/engine/paths';

/**
 * Round trips through the browser-mode bridge (WebSocket, validation, handler)
 * against calling the engine's dispatcher directly: the bridge's own overhead.
 */
async function main(): Promise<void> {
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-bench-'));
  const engine = createEngine({ mode: 'browser', version: 'bench', dataDirectory: home, ports: { openExternal: async () => undefined } });
  const server = await startBridgeServer({ engine, rendererDirectory: rendererDirectory() });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, { origin: server.origin });
  await new Promise(resolve => socket.once('open', resolve));
  const pending = new Map<number, () => void>();
  socket.on('message', data => {
    const message = JSON.parse(data.toString());
    pending.get(message.id)?.();
    pending.delete(message.id);
  });
  const call = (id: number) =>
    new Promise<void>(resolve => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'invoke', id, method: 'validateHostNames', payload: { names: ['ex01.contoso.local'] } }));
    });

  const rounds = 2000;
  for (let i = 0; i < 200; i++) await call(i); // warm-up
  let started = performance.now();
  for (let i = 0; i < rounds; i++) await call(1000 + i);
  const bridgeMs = (performance.now() - started) / rounds;

  started = performance.now();
  for (let i = 0; i < rounds; i++) await engine.dispatch('validateHostNames', { names: ['ex01.contoso.local'] });
  const directMs = (performance.now() - started) / rounds;

  console.log(`bridge round trip: ${(bridgeMs * 1000).toFixed(0)} µs per call (${rounds} sequential calls)`);
  console.log(`direct dispatch:   ${(directMs * 1000).toFixed(0)} µs per call`);
  console.log(`bridge overhead:   ${((bridgeMs - directMs) * 1000).toFixed(0)} µs per call`);
  socket.close();
  await server.close();
  await engine.dispose();
  rmSync(home, { recursive: true, force: true });
}

void main();
