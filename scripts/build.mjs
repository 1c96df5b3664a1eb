#!/usr/bin/env node
// Builds everything into out/: the Node-side bundles with esbuild (Electron
// main, sandboxed preload, CLI) and the renderer with Vite.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source is newer than out/
import { build as esbuild } from 'esbuild';
import { bundleOptions } from './lib/bundles.mjs';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'out', '.build-stamp');
const sources = ['electron', 'renderer', 'src-shared', 'package.json', 'vite.config.mts', 'scripts/build.mjs', 'scripts/lib/bundles.mjs'];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (sources.every(s => newestMtime(s) <= built)) process.exit(0);
}

const started = Date.now();
await Promise.all(bundleOptions().map(options => esbuild(options)));
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'vite.config.mts'), configLoader: 'runner', logLevel: 'warn' });

writeFileSync(stamp, new Date().toISOString());
process.stdout.write(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
