import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRunningPage, recordRunningPage, runningPageFile } from '../../electron/bridge/running-page';

const URL = 'http://127.0.0.1:41234/?token=abcDEF123_-x';
const dirs: string[] = [];
function dataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-page-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A live process other than this one, as a second `npm start` sees the first. */
function otherProcess(): { pid: number; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  // Resolves once the child is reaped: until then its pid still answers kill(pid, 0) on a busy machine.
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    stop: () => {
      child.kill();
      return exited;
    },
  };
}

describe('the running browser-mode page', () => {
  it('is found while its process runs and its page answers', async () => {
    const file = runningPageFile(dataFolder());
    const other = otherProcess();
    try {
      writeFileSync(file, JSON.stringify({ url: URL, pid: other.pid }));
      expect(await findRunningPage(file, async url => url === URL)).toBe(URL);
      // A page that no longer answers (its port taken by something else) is not opened.
      expect(await findRunningPage(file, async () => false)).toBeNull();
    } finally {
      await other.stop();
    }
  });

  it('is not found when its process is gone, is this process, or the record is not ours', async () => {
    const folder = dataFolder();
    const file = runningPageFile(folder);
    expect(await findRunningPage(file, async () => true)).toBeNull();
    const gone = otherProcess();
    await gone.stop();
    writeFileSync(file, JSON.stringify({ url: URL, pid: gone.pid }));
    expect(await findRunningPage(file, async () => true)).toBeNull();
    writeFileSync(file, JSON.stringify({ url: URL, pid: process.pid }));
    expect(await findRunningPage(file, async () => true)).toBeNull();
    // Only a loopback address with a token is ever opened from the record.
    const other = otherProcess();
    try {
      writeFileSync(file, JSON.stringify({ url: 'https://evil.example/?token=abc', pid: other.pid }));
      expect(await findRunningPage(file, async () => true)).toBeNull();
    } finally {
      await other.stop();
    }
  });

  it('is recorded for its owner only and removed when the wizard stops', () => {
    const file = runningPageFile(path.join(dataFolder(), 'not-yet-created'));
    const forget = recordRunningPage(file, URL);
    expect(existsSync(file)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    forget();
    expect(existsSync(file)).toBe(false);
  });
});
