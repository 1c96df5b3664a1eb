import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../electron/engine/paths';

/**
 * `exwiz serve` when its data folder cannot be written: it must say so in one sentence and exit
 * non-zero, holding no port and no PowerShell (it used to print a raw EACCES and hang forever).
 * Runs the built CLI (out/cli/exwiz.cjs) as its own process, since "exits" is the point.
 */

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `exwiz serve` with this data folder; as root (which ignores mode bits) as user nobody, so a 0555 folder is read-only. */
function serve(home: string, port: number): Promise<Ended> {
  const asRoot = process.getuid?.() === 0;
  const child = spawn(process.execPath, [path.join(projectRoot(), 'out', 'cli', 'exwiz.cjs'), 'serve', '--no-open', '--port', String(port)], {
    cwd: tmpdir(),
    env: { ...process.env, EXWIZ_HOME: home, HOME: path.dirname(home) },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += String(chunk)));
  child.stderr.on('data', chunk => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    // A serve that hangs is the failure: kill it after a bound a start-up error never needs.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`exwiz serve did not exit within 20 s; it printed:\n${stdout}${stderr}`));
    }, 20_000);
    child.once('exit', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether the port can be taken again, i.e. the serve process let go of it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe.skipIf(process.platform === 'win32')('exwiz serve with a data folder it cannot write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-serve-start-'));
    chmodSync(dir, 0o755);
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says what and where in one sentence and exits 1 when EXWIZ_HOME is read-only', async () => {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    chmodSync(home, 0o555);
    const port = await freePort();
    const ended = await serve(home, port);
    expect(ended.code).toBe(1);
    expect(ended.stderr).toMatch(
      new RegExp(`^error: The wizard cannot start: it cannot write to its data folder ${home.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(access is denied\\)\\.\\nfix: .*EXWIZ_HOME`),
    );
    expect(ended.stderr).not.toMatch(/EACCES|EPERM|at \w+ \(/);
    expect(ended.stdout).not.toMatch(/is running at/);
    expect(await portIsFree(port)).toBe(true);
  });

  it('frees the port and PowerShell when a write fails after the server started', async () => {
    const home = path.join(dir, 'home');
    // The folder is writable, but the page record's name is taken by a folder: the write fails after the port is bound.
    mkdirSync(path.join(home, 'browser-page.json'), { recursive: true });
    chmodSync(dir, 0o777);
    chmodSync(home, 0o777);
    const port = await freePort();
    const ended = await serve(home, port);
    expect(ended.code).toBe(1);
    expect(ended.stderr).toMatch(/^error: The wizard cannot start: it cannot write to its data folder .* \(a folder is in the way of one of its files\)\./);
    expect(await portIsFree(port)).toBe(true);
  });
});
