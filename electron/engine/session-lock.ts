import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hostname, uptime } from 'node:os';

/**
 * The lock file that keeps one wizard (app, browser mode or CLI) writing a
 * data folder at a time: created exclusively, holding the owner's pid and
 * host. A lock whose process is gone (a crash, a power cut) is taken over; a
 * live one makes this instance read-only instead of the last writer winning.
 *
 * A process id alone does not say the owner lives: Windows hands a dead
 * process's id to a new one within minutes, and after a power cut the lock's
 * id may well belong to some other program. So the lock's time is compared
 * with when this computer started (a lock from before the boot is stale) and,
 * where the system says it (Linux /proc), with when the process holding that
 * id started (a process younger than the lock is another one).
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

/** When the computer started and when a process started (ms since 1970); null when not known. Replaceable in tests. */
export interface ProcessClock {
  bootedAt(): number;
  processStartedAt(pid: number): number | null;
}

// Clock skew and the granularity of the times compared.
const SLACK_MS = 5_000;

export function acquireSessionLock(file: string, clock: ProcessClock = systemClock): SessionLock {
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
      if (owner && isAlive(owner, clock)) return { held: false, holder: `process ${owner.pid} on ${owner.host} (since ${owner.since})`, release() {} };
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

function isAlive(owner: LockOwner, clock: ProcessClock): boolean {
  // A lock from another machine (a data folder on a share) cannot be checked: assume it is held.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // That id lives; is it still the owner?
  const since = Date.parse(owner.since);
  if (Number.isNaN(since)) return true;
  if (since < clock.bootedAt() - SLACK_MS) return false;
  const started = clock.processStartedAt(owner.pid);
  return started === null || started <= since + SLACK_MS;
}

const systemClock: ProcessClock = {
  bootedAt: () => Date.now() - uptime() * 1000,
  processStartedAt: pid => {
    if (process.platform !== 'linux') return null;
    try {
      // Field 22 of /proc/<pid>/stat: start time in clock ticks (100 a second) after the boot time of /proc/stat.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
      return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
    } catch {
      return null;
    }
  },
};
