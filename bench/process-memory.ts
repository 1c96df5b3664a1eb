import { execFileSync } from 'node:child_process';

/**
 * Resident memory of this process and every process it started (PowerShell
 * hosts, browsers), in bytes: the figure a jump box's RAM must hold. Read with
 * `ps` (Linux, macOS); null where that is not available.
 */
export function processTreeRss(root: number = process.pid): number | null {
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const line of table.split('\n')) {
    const [pid, ppid, kb] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined || kb === undefined) continue;
    rss.set(pid, kb * 1024);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples processTreeRss every `everyMs` until stopped; returns the peak seen. */
export function peakMemorySampler(everyMs = 250): { stop(): number | null } {
  let peak: number | null = null;
  const sample = () => {
    const now = processTreeRss();
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
