import { spawnSync } from 'node:child_process';
import { systemProgram } from '../system-programs';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Kills a process and every process it started.
 *
 * Needed because the pwsh that `dotnet tool install` provides is a launcher:
 * killing it leaves the real `dotnet pwsh.dll` running, still executing the
 * script that timed out. On Windows taskkill /T does the same for
 * powershell.exe and anything it spawned.
 */
export function killProcessTree(pid: number): void {
  if (process.platform === 'win32') {
    spawnSync(systemProgram('taskkill.exe'), ['/PID', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    return;
  }
  // Children first, so none is re-parented to init before it is found.
  for (const child of descendants(pid).reverse()) signal(child);
  signal(pid);
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** All descendants of pid, parents before children. */
export function descendants(pid: number): number[] {
  const byParent = childrenIndex();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const child of byParent.get(current) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** parent pid → child pids, from /proc on Linux or ps elsewhere. */
function childrenIndex(): Map<number, number[]> {
  const index = new Map<number, number[]>();
  const add = (parent: number, child: number) => {
    const list = index.get(parent) ?? [];
    list.push(child);
    index.set(parent, list);
  };
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // The command name is in parentheses and may contain spaces: parse after the last ")".
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        add(Number(fields[1]), Number(entry));
      } catch {
        // The process ended while we looked.
      }
    }
    return index;
  } catch {
    const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of (ps.stdout ?? '').split('\n')) {
      const [child, parent] = line.trim().split(/\s+/).map(Number);
      if (child && parent !== undefined && !Number.isNaN(parent)) add(parent, child);
    }
    return index;
  }
}
