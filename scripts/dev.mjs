#!/usr/bin/env node
// npm run dev: the wizard while you change it. The Node bundles (esbuild) and the renderer
// (Vite) rebuild on every save; a rebuilt engine bundle restarts the app (npm start's choice:
// Electron, else browser mode), and a rebuilt renderer is picked up by reloading the page
// (Ctrl+R; the Content-Security-Policy has no room for Vite's HMR socket).
//
//   npm run dev                 Electron, or browser mode as a fallback
//   npm run dev -- --browser    browser mode (the page opens once; later starts print the address)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { bundleOptions } from './lib/bundles.mjs';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (!ensurePwsh({ quiet: true })) process.exit(1);

let app = null;
let starts = 0;
let restartTimer = null;
let stopping = false;

function startApp() {
  // After the first start a browser-mode restart only prints the new address (a new launch token).
  const startArgs = starts++ === 0 || args.includes('--no-open') ? args : [...args, '--no-open'];
  app = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), ...startArgs], { stdio: 'inherit', cwd: root });
  const started = app;
  started.on('exit', code => {
    if (app === started && restartTimer === null && !stopping) process.stdout.write(`[dev] the app ended (code ${code ?? 'none'}); it starts again on the next engine change.\n`);
  });
}

function stopApp() {
  return new Promise(resolve => {
    if (!app || app.exitCode !== null) return resolve();
    app.once('exit', () => resolve());
    app.kill('SIGTERM');
  });
}

/** Restarts the app once the bundles settle (several rebuild together on one save). */
function scheduleRestart() {
  clearTimeout(restartTimer);
  restartTimer = setTimeout(async () => {
    process.stdout.write('[dev] engine rebuilt: restarting the app\n');
    await stopApp();
    restartTimer = null;
    startApp();
  }, 300);
}

let initialBuilds = 0;
const bundles = bundleOptions();
const contexts = await Promise.all(
  bundles.map(options =>
    context({
      ...options,
      plugins: [
        {
          name: 'exwiz-dev-restart',
          setup(build) {
            build.onEnd(result => {
              if (result.errors.length > 0) return;
              // The first build of every bundle starts the app once; later ones restart it.
              if (initialBuilds < bundles.length) {
                if (++initialBuilds === bundles.length) startApp();
                return;
              }
              scheduleRestart();
            });
          },
        },
      ],
    }),
  ),
);

const { build: viteBuild } = await import('vite');
const renderer = await viteBuild({ configFile: path.join(root, 'vite.config.mts'), configLoader: 'runner', logLevel: 'warn', build: { watch: {} } });
renderer.on('event', event => {
  if (event.code === 'END') process.stdout.write('[dev] renderer rebuilt: reload the page (Ctrl+R)\n');
  if (event.code === 'ERROR') process.stdout.write(`[dev] renderer build failed: ${event.error.message}\n`);
});
await Promise.all(contexts.map(ctx => ctx.watch()));

async function shutdown() {
  stopping = true;
  clearTimeout(restartTimer);
  await Promise.all(contexts.map(ctx => ctx.dispose()));
  await renderer.close();
  await stopApp();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void shutdown());
