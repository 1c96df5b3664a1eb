#!/usr/bin/env node
// npm test: every check, after making sure what they need is there
// (PowerShell and a Chromium-based browser: found, else installed, saying so).
//
// After the build, these run at the same time:
//   - the checks: the type-check, lint (ESLint and Prettier) and the Windows
//     PowerShell 5.1 check (scripts/ps51-check.mjs), pure CPU work that nothing
//     waits on, so at a lower priority, filling the gaps the tests leave;
//   - the unit tests, then the integration tests that mostly wait (WAITING in
//     vitest.config.mts);
//   - the integration tests (real PowerShell, the CLI, Chromium for PDF), then
//     the browser tests (Playwright, two workers).
// The integration and browser layers do not run at the same time: on 2 cores
// each alone keeps the processors busy, and together they only pushed each
// other past time limits.
// Each phase's output is held and printed whole when it ends, so the logs do
// not interleave. All phases run even when one fails; the summary gives each
// phase's time and result, and the exit code is 0 only if all pass.
import { spawn, spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { ensureChromiumHere } from './lib/ensure-chromium.mjs';
import { ensurePester } from './lib/ensure-pester.mjs';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

const results = [];
const shell = process.platform === 'win32';
const record = (label, ok, started) => results.push({ label, ok, seconds: (Date.now() - started) / 1000 });
/** Below normal: what the waiting test layers need comes first. */
const BACKGROUND_PRIORITY = 10;

const timed = (label, work) => {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const ok = work();
  record(label, ok, started);
  return ok;
};
const command = commandLine => () => {
  const [program, ...args] = commandLine;
  return spawnSync(program, args, { stdio: 'inherit', shell }).status === 0;
};

/** Runs one phase with its output held, printed whole when it ends; resolves with whether it passed. */
function phase(label, [program, ...args], { background = false } = {}) {
  const started = Date.now();
  return new Promise(resolve => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], shell });
    if (background && child.pid) {
      try {
        setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
        // Not allowed here: it runs at normal priority, only slower for the others.
      }
    }
    const output = [];
    child.stdout.on('data', chunk => output.push(chunk));
    child.stderr.on('data', chunk => output.push(chunk));
    const finish = ok => {
      record(label, ok, started);
      process.stdout.write(`\n=== ${label} (${ok ? 'passed' : 'FAILED'}, ${((Date.now() - started) / 1000).toFixed(1)} s) ===\n${Buffer.concat(output).toString()}`);
      resolve(ok);
    };
    child.once('error', error => (output.push(Buffer.from(`${error.message}\n`)), finish(false)));
    child.once('close', code => finish(code === 0));
  });
}

const ready = await (async () => {
  process.stdout.write('\n=== set-up: PowerShell, Pester and a browser ===\n');
  const started = Date.now();
  const ok = ensurePwsh() && ensurePester() !== null && (await ensureChromiumHere());
  record('set-up', ok, started);
  return ok;
})();

const runStarted = Date.now();
const built = ready && timed('build', command(['node', 'scripts/build.mjs', '--if-stale']));
if (built) {
  process.stdout.write('\n=== checks | unit tests, integration tests that wait | integration tests, browser tests (side by side; each phase prints when it ends) ===\n');
  await Promise.all([
    // The checks (type-check, lint, the 5.1 check) at a lower priority, filling the gaps the tests leave.
    phase('typecheck', ['npm', 'run', '--silent', 'typecheck'], { background: true }),
    phase('lint', ['npm', 'run', '--silent', 'lint'], { background: true }),
    phase('Windows PowerShell 5.1 check', ['node', 'scripts/ps51-check.mjs'], { background: true }),
    (async () => {
      // Not behind the checks: at a lower priority on a busy machine they can take minutes, and
      // nothing here needs their result.
      await phase('unit tests', ['npx', 'vitest', 'run', '--project', 'unit', '--project', 'unit-mocks']);
      // Integration tests that mostly wait out hung servers' time limits: here, not in the
      // integration layer, where they held one of its two workers idle for half a minute.
      await phase('integration tests that wait', ['npx', 'vitest', 'run', '--project', 'integration-waits']);
    })(),
    (async () => {
      await phase('integration tests', ['npx', 'vitest', 'run', '--project', 'integration']);
      await phase('browser tests', ['npx', 'playwright', 'test']);
    })(),
  ]);
}

process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label} (${r.seconds.toFixed(1)} s)\n`);
process.stdout.write(`total ${((Date.now() - runStarted) / 1000 + results[0].seconds).toFixed(1)} s (wall; the two lanes overlap)\n`);
// Once the build passed every phase ran (a failing one does not stop the others).
process.exit(built && results.every(r => r.ok) ? 0 : 1);
