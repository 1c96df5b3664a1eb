#!/usr/bin/env node
// npm run bench: builds every bench/*.bench.ts with esbuild and runs them one
// after another; each prints its own figures. Benchmarks measure, they never
// pass or fail on timing.
//
//   npm run bench                 all benchmarks
//   npm run bench -- download     only those whose file name contains "download"
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2] ?? '';
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const entries = readdirSync(path.join(root, 'bench'))
  .filter(f => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (entries.length === 0) {
  process.stderr.write(`no benchmark matches "${filter}"\n`);
  process.exit(1);
}
let failed = 0;
for (const entry of entries) {
  const outfile = path.join(root, 'out', 'bench', entry.replace(/\.ts$/, '.cjs'));
  await build({
    entryPoints: [path.join(root, 'bench', entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron', ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    logLevel: 'warning',
  });
  process.stdout.write(`\n### ${entry}\n`);
  const { status } = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
