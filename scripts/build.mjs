#!/usr/bin/env node
// Builds everything into out/: the Node-side bundles with esbuild (Electron
// main, sandboxed preload, CLI) and the renderer with Vite.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source is newer than out/
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'out', '.build-stamp');
const sources = ['electron', 'renderer', 'src-shared', 'package.json', 'vite.config.mts', 'scripts/build.mjs'];

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

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Runtime dependencies stay in node_modules (electron-builder packs them);
// everything else is bundled.
const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  outExtension: { '.js': '.cjs' },
};

const started = Date.now();
await Promise.all([
  esbuild({ ...common, entryPoints: { index: 'electron/main/index.ts' }, outdir: 'out/main', external }),
  // A sandboxed preload must be one CommonJS file with no require() but electron's.
  esbuild({ ...common, entryPoints: { index: 'electron/preload/index.ts' }, outdir: 'out/preload', external: ['electron'] }),
  esbuild({ ...common, entryPoints: { exwiz: 'electron/cli/main.ts' }, outdir: 'out/cli', external }),
  // Worker threads load a file of their own, found beside the bundle that starts them (fflate bundled in).
  ...['out/main', 'out/cli'].map(outdir => esbuild({ ...common, entryPoints: { 'unzip-worker': 'electron/engine/collector/unzip-worker.cjs' }, outdir })),
]);

const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'vite.config.mts'), configLoader: 'runner', logLevel: 'warn' });

writeFileSync(stamp, new Date().toISOString());
process.stdout.write(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
