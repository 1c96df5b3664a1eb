#!/usr/bin/env node
// npm test: every check, in order of speed. All of them run even when one
// fails, and the summary says which failed; the exit code is 0 only if all pass.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', ['node', 'scripts/build.mjs', '--if-stale']],
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['unit and integration tests', ['npx', 'vitest', 'run']],
  ['browser tests', ['npx', 'playwright', 'test']],
];

const results = [];
for (const [label, [command, ...args]] of steps) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ label, ok: status === 0, seconds: (Date.now() - started) / 1000 });
  if (label === 'build' && status !== 0) break;
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label} (${r.seconds.toFixed(1)} s)\n`);
process.exit(results.every(r => r.ok) && results.length === steps.length ? 0 : 1);
