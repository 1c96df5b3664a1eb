#!/usr/bin/env node
// npm test: every check, in order of speed, after making sure what they need
// is there (PowerShell and a Chromium-based browser: found, else installed,
// saying so). All phases run even when one fails; the summary gives each
// phase's time and result, and the exit code is 0 only if all pass.
import { spawnSync } from 'node:child_process';
import { ensureChromiumHere } from './lib/ensure-chromium.mjs';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

const results = [];
const timed = (label, work) => {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const ok = work();
  results.push({ label, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
};
const command = (commandLine) => () => {
  const [program, ...args] = commandLine;
  return spawnSync(program, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
};

const browser = await (async () => {
  process.stdout.write('\n=== set-up: PowerShell and a browser ===\n');
  const started = Date.now();
  const ok = ensurePwsh() && (await ensureChromiumHere());
  results.push({ label: 'set-up', ok, seconds: (Date.now() - started) / 1000 });
  return ok;
})();

if (browser && timed('build', command(['node', 'scripts/build.mjs', '--if-stale']))) {
  timed('typecheck', command(['npm', 'run', '--silent', 'typecheck']));
  timed('lint', command(['npm', 'run', '--silent', 'lint']));
  timed('unit tests', command(['npx', 'vitest', 'run', '--project', 'unit']));
  timed('integration tests', command(['npx', 'vitest', 'run', '--project', 'integration']));
  timed('browser tests', command(['npx', 'playwright', 'test']));
}

const phases = 7;
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label} (${r.seconds.toFixed(1)} s)\n`);
const total = results.reduce((sum, r) => sum + r.seconds, 0);
process.stdout.write(`total ${total.toFixed(1)} s\n`);
process.exit(results.length === phases && results.every(r => r.ok) ? 0 : 1);
