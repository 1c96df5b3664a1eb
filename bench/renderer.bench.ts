import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBridgeServer } from '../electron/bridge/server';
import { createEngine } from '../electron/engine/engine';
import { rendererDirectory } from '../electron/engine/paths';
import { QUIET_CHROMIUM_FLAGS } from '../electron/engine/chromium-pdf';

/**
 * The renderer's budget: what the jump box loads (bundle sizes, raw and
 * gzipped) and how long the wizard takes to show its first step in Chromium
 * through the loopback bridge (first contentful paint, and the Welcome
 * heading with the session loaded).
 */
async function main(): Promise<void> {
  const assets = path.join(rendererDirectory(), 'assets');
  let raw = 0;
  let gzipped = 0;
  for (const file of readdirSync(assets).filter(f => /\.(js|css)$/.test(f))) {
    const bytes = readFileSync(path.join(assets, file));
    raw += statSync(path.join(assets, file)).size;
    gzipped += gzipSync(bytes).length;
    console.log(`bundle ${file}: ${(bytes.length / 1024).toFixed(0)} KiB (${(gzipSync(bytes).length / 1024).toFixed(0)} KiB gzipped)`);
  }
  console.log(`bundle total: ${(raw / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzipped`);

  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-bench-renderer-'));
  const engine = createEngine({ mode: 'browser', version: 'bench', dataDirectory: home, ports: { openExternal: async () => undefined } });
  const server = await startBridgeServer({ engine, rendererDirectory: rendererDirectory() });
  const browser = await chromium.launch({
    executablePath: process.env.EXWIZ_CHROMIUM ?? '/usr/bin/chromium',
    args: [...QUIET_CHROMIUM_FLAGS, '--no-sandbox'],
  });
  const runs: Array<{ fcp: number; ready: number }> = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
    const ready = performance.now() - started;
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    runs.push({ fcp, ready });
    await context.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // The first run pays for Chromium's cold caches; the median is the figure to compare.
  console.log(`first contentful paint: median ${median(runs.map(r => r.fcp)).toFixed(0)} ms (${runs.length} runs, cold first run ${runs[0]?.fcp.toFixed(0)} ms)`);
  console.log(`Welcome step shown (session loaded over the bridge): median ${median(runs.map(r => r.ready)).toFixed(0)} ms`);
  await browser.close();
  await server.close();
  await engine.dispose();
  rmSync(home, { recursive: true, force: true });
}

void main();
