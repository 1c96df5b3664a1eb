import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';

/**
 * The lock file that keeps one wizard (app, browser mode or CLI) writing a
 * data folder at a time: created exclusively, holding the owner's pid and
 * host. A lock whose process is gone (a crash, a power cut) is taken over; a
 * live one makes this instance read-only instead of the last writer winning.
 */
export interface SessionLock {
  /** True when this process holds the lock and may write. */
  readonly held: boolean;
  /** Who holds it when this process does not ("pid 1234 on JUMP01"). */
  readonly holder: string | null;
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export function acquireSessionLock(file: string): SessionLock {
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner));
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        held: true,
        holder: null,
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      if (owner && isAlive(owner)) return { held: false, holder: `process ${owner.pid} on ${owner.host} (since ${owner.since})`, release() {} };
      // Stale: its process is gone. Remove it and try once more (another instance may win the race).
      rmSync(file, { force: true });
    }
  }
  return { held: false, holder: 'another instance that started at the same moment', release() {} };
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, since: String(owner.since ?? '?') } : null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another machine (a data folder on a share) cannot be checked: assume it is held.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
