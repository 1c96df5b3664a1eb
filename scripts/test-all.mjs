#!/usr/bin/env node
// npm test: every check, after making sure what they need is there
// (PowerShell and a Chromium-based browser: found, else installed, saying so).
// The type-check (tsgo, one core or so) and lint (one core) run side by side;
// the test layers, which use both cores, run one after another. All phases run
// even when one fails; the summary gives each phase's time and result, and
// the exit code is 0 only if all pass.
import { spawn, spawnSync } from 'node:child_process';
import { ensureChromiumHere } from './lib/ensure-chromium.mjs';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

const results = [];
const shell = process.platform === 'win32';
const record = (label, ok, started) => results.push({ label, ok, seconds: (Date.now() - started) / 1000 });

const timed = (label, work) => {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const ok = work();
  record(label, ok, started);
  return ok;
};
const command = (commandLine) => () => {
  const [program, ...args] = commandLine;
  return spawnSync(program, args, { stdio: 'inherit', shell }).status === 0;
};

/**
 * Runs phases at the same time. Each one's output is held and printed whole when
 * it ends, so the two logs do not interleave line by line.
 */
async function together(phases) {
  process.stdout.write(`\n=== ${phases.map(p => p.label).join(' + ')} (side by side) ===\n`);
  await Promise.all(
    phases.map(({ label, commandLine: [program, ...args] }) => {
      const started = Date.now();
      return new Promise(resolve => {
        const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], shell });
        const output = [];
        child.stdout.on('data', chunk => output.push(chunk));
        child.stderr.on('data', chunk => output.push(chunk));
        const finish = ok => {
          record(label, ok, started);
          process.stdout.write(`\n--- ${label} (${ok ? 'passed' : 'FAILED'}) ---\n${Buffer.concat(output).toString()}`);
          resolve();
        };
        child.once('error', error => (output.push(Buffer.from(`${error.message}\n`)), finish(false)));
        child.once('close', code => finish(code === 0));
      });
    }),
  );
}

const ready = await (async () => {
  process.stdout.write('\n=== set-up: PowerShell and a browser ===\n');
  const started = Date.now();
  const ok = ensurePwsh() && (await ensureChromiumHere());
  record('set-up', ok, started);
  return ok;
})();

const runStarted = Date.now();
if (ready && timed('build', command(['node', 'scripts/build.mjs', '--if-stale']))) {
  await together([
    { label: 'typecheck', commandLine: ['npm', 'run', '--silent', 'typecheck'] },
    { label: 'lint', commandLine: ['npm', 'run', '--silent', 'lint'] },
  ]);
  timed('unit tests', command(['npx', 'vitest', 'run', '--project', 'unit']));
  timed('integration tests', command(['npx', 'vitest', 'run', '--project', 'integration']));
  timed('browser tests', command(['npx', 'playwright', 'test']));
}

const phases = 7;
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label} (${r.seconds.toFixed(1)} s)\n`);
process.stdout.write(`total ${((Date.now() - runStarted) / 1000 + results[0].seconds).toFixed(1)} s (wall; typecheck and lint overlap)\n`);
process.exit(results.length === phases && results.every(r => r.ok) ? 0 : 1);
