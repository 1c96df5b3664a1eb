#!/usr/bin/env node
// npm start: the wizard in Electron where its binary is installed, otherwise
// (ELECTRON_SKIP_BINARY_DOWNLOAD installs, servers, CI) the same wizard in the
// local browser through the loopback bridge.
//
//   npm start                 Electron, or browser mode as a fallback
//   npm start -- --browser    browser mode even where Electron exists
//   npm start -- --no-open    browser mode: print the address, do not open it
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { electronBinary } = require('./electron-binary.cjs');

// The probes need PowerShell: find it, else install it (saying so), before anything starts.
if (!ensurePwsh({ quiet: true })) process.exit(1);

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
  child.on('exit', code => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

const binary = args.includes('--browser') ? null : electronBinary();
const hasDisplay = process.platform === 'win32' || process.platform === 'darwin' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (binary && hasDisplay) {
  run(binary, ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]);
} else {
  const why = args.includes('--browser') ? 'browser mode requested' : binary ? 'no display for the Electron window' : 'the Electron binary is not installed';
  process.stdout.write(`Opening the wizard in your browser instead of Electron (${why}).\n`);
  const serveArgs = ['serve', ...args.filter(a => a === '--no-open' || a.startsWith('--port'))];
  run(process.execPath, [path.join(root, 'bin', 'exwiz.cjs'), ...serveArgs]);
}
