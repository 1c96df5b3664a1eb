import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { DiscoveredServer } from '../../src-shared/domain/discovery';
import type { JobProgress } from '../../src-shared/ipc/contract';
import type { ScriptRunner } from '../../electron/engine/powershell/host';
import type { PowerShellPool } from '../../electron/engine/powershell/pool';
import type { LabConfiguration } from '../../electron/engine/scan/probe';
import type { BatchSummary } from '../../electron/engine/scan/probe-batch';
import { scanTargets, type ScanTarget } from '../../electron/engine/scan/scan-service';
import { assessScan, exSetupBuild } from '../../src-shared/assessment/assess';
import type { ProbedServer } from '../../src-shared/assessment/scan-report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { newPwshHost, useRealPwshPool } from '../helpers/pwsh';
import { E19 } from '../probes/helpers';

/** ExSetup's build as the assessment normalises it. */
const buildOf = (result: ProbedServer | undefined): string | null | undefined => (result ? exSetupBuild(result) : undefined);

const server = (name: string, source: DiscoveredServer['source'] = 'lab'): DiscoveredServer => ({
  name,
  fqdn: null,
  versionHint: null,
  roles: ['Mailbox'],
  site: null,
  source,
  notes: [],
});
const labTarget = (configuration?: LabConfiguration): ScanTarget => ({
  server: server('SOLO-E19A'),
  lab: { directory: E19, ...(configuration ? { configuration } : {}) },
});

/**
 * The time limit of the scans with a hung server: each such test waits this long. Room for the
 * others' probes (a new runspace each) on a loaded 2-core machine running other test layers.
 */
const HUNG_LIMIT_MS = 30_000;

function recorder() {
  const events: Array<Omit<JobProgress, 'jobId' | 'kind'>> = [];
  const controller = new AbortController();
  return { events, controller, job: { signal: controller.signal, progress: (e: Omit<JobProgress, 'jobId' | 'kind'>) => events.push(e) } };
}

describe('scan service (real pwsh, one batch per scan)', () => {
  const real = useRealPwshPool(2, 90_000);
  let pool: PowerShellPool;
  beforeAll(async () => {
    ({ pool } = real);
    // Warm both hosts so the time limits below measure the probe, not PowerShell's start.
    await scanTargets([labTarget(), labTarget()], { runner: pool, concurrency: 2, timeoutMs: 90_000 });
  });

  it('gives every failure mode a typed error with its reason and fix while the other servers go on', async () => {
    const failures = ['access-denied', 'winrm-unreachable', 'ems-missing', 'malformed-output', 'name-not-resolved'];
    const targets = [labTarget(), ...failures.map(failure => labTarget({ simulate: { failure } })), labTarget()];
    const { events, job } = recorder();
    const summaries: BatchSummary[] = [];
    const results = await scanTargets(targets, { runner: pool, concurrency: 2, timeoutMs: 60_000, job, onBatchSummary: s => summaries.push(s) });

    // All seven ran in one PowerShell batch, each result and error kept to its own server.
    expect(summaries).toMatchObject([{ started: 7, finished: 7, timedOut: 0, cancelled: false }]);
    expect(results).toHaveLength(7);
    const [first, denied, unreachable, ems, malformed, unresolved, last] = results;
    for (const ok of [first, last]) {
      expect(ok?.error).toBeNull();
      expect(ok?.reachable).toBe(true);
      expect(buildOf(ok)).toBe('15.2.986.5');
      expect(ok?.roles).toEqual(['Mailbox']);
    }
    expect(denied?.error?.code).toBe('access-denied');
    expect(denied?.error?.fix).toMatch(/Organization Management/);
    expect(denied?.reachable).toBe(false);
    expect(denied?.facts).toBeNull();
    expect(unreachable?.error?.code).toBe('winrm-unreachable');
    expect(unreachable?.error?.message).toMatch(/did not answer over PowerShell remoting \(WinRM\) or the Exchange Management Shell/);
    expect(unreachable?.error?.fix).toMatch(/Test-WSMan/);
    expect(unreachable?.error?.detail).toMatch(/WinRM cannot complete the operation/);
    // Partly probed: Windows facts without the Exchange cmdlets, or the reverse.
    expect(ems?.error?.code).toBe('ems-missing');
    expect(ems?.reachable).toBe(true);
    expect(buildOf(ems)).toBe('15.2.986.5');
    expect(ems?.facts?.identity.adminDisplayVersion).toBeNull();
    expect(malformed?.error?.code).toBe('malformed-output');
    expect(malformed?.error?.fix).toMatch(/profile/);
    expect(malformed?.facts?.identity.adminDisplayVersion).toBe('Version 15.2 (Build 986.5)');
    expect(buildOf(malformed)).toBeNull();
    expect(unresolved?.error?.code).toBe('unreachable');

    const finished = events.filter(e => e.phase === 'item-finished');
    expect(finished).toHaveLength(7);
    expect(finished.map(e => e.completed).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(finished.every(e => e.total === 7 && e.serverName === 'SOLO-E19A')).toBe(true);
    expect(
      finished
        .filter(e => e.error)
        .map(e => e.error?.code)
        .sort(),
    ).toEqual(['access-denied', 'ems-missing', 'malformed-output', 'unreachable', 'winrm-unreachable']);

    const report = assessScan(results, { source: 'lab:test', organisationHasEsu: false, catalog: builtInCatalog() });
    expect(report.summary.serverCount).toBe(7);
    expect(report.summary.unreachableCount).toBe(3);
    expect(report.servers.filter(s => !s.reachable).every(s => s.severity === 'critical')).toBe(true);
  });

  // The two hung-server tests wait out their limit side by side (it.concurrent): the waiting is
  // idle time, and one after the other it was most of this file's time.
  it.concurrent('stops a server that does not answer in time: its runspace is stopped in the warm PowerShell, and the next server is scanned', async () => {
    // One lane: the batch's RunspacePool has a single runspace, so the second
    // server can only run after the first one's was stopped; a limit that is
    // not enforced fails this test instead of passing it slowly.
    const host = newPwshHost({ defaultTimeoutMs: 90_000 });
    try {
      await host.start();
      const warm = host.pid;
      const results = await scanTargets([labTarget({ simulate: { failure: 'timeout', delaySeconds: 600 } }), labTarget()], {
        runner: host,
        concurrency: 1,
        // The test waits this long for the hung server; the second server's probe (a few
        // seconds even on a busy machine) must finish inside its own limit.
        timeoutMs: HUNG_LIMIT_MS,
      });
      expect(results[0]?.error?.code).toBe('timeout');
      expect(results[0]?.error?.message).toMatch(new RegExp(`did not answer within ${HUNG_LIMIT_MS / 1000} s`));
      expect(results[0]?.error?.fix).toMatch(/--timeout/);
      expect(results[1]?.error).toBeNull();
      expect(buildOf(results[1])).toBe('15.2.986.5');
      // Only the server's runspace was stopped: the warm PowerShell goes on.
      expect(host.pid).toBe(warm);
    } finally {
      await host.dispose();
    }
  });

  it.concurrent('times out a hung server while the others in its batch finish and are reported first', async () => {
    const { events, job } = recorder();
    const targets = [labTarget({ simulate: { failure: 'timeout', delaySeconds: 600 } }), labTarget(), labTarget()];
    const summaries: BatchSummary[] = [];
    const results = await scanTargets(targets, { runner: pool, concurrency: 3, timeoutMs: HUNG_LIMIT_MS, job, onBatchSummary: s => summaries.push(s) });
    expect(results.map(r => r.error?.code ?? null)).toEqual(['timeout', null, null]);
    expect(buildOf(results[2])).toBe('15.2.986.5');
    const finished = events.filter(e => e.phase === 'item-finished');
    expect(finished.map(e => e.error?.code ?? null)).toEqual([null, null, 'timeout']);
    expect(summaries).toMatchObject([{ started: 3, timedOut: 1, abandoned: 0 }]);
  });

  it('reports each result as it arrives: the first server is reported while another is still running', async () => {
    // The second server's probe waits for a gate file that is only created when
    // the first result has been reported. Results held back until the batch
    // ends would leave it waiting until its time limit: a timeout, not facts.
    const scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-gate-'));
    try {
      const gate = path.join(scratch, 'open');
      const order: string[] = [];
      const targets = [labTarget({ gate }), { ...labTarget(), server: server('FIRST') }];
      const results = await scanTargets(targets, {
        runner: pool,
        concurrency: 2,
        timeoutMs: 45_000,
        scriptPath: path.join(__dirname, 'fixtures', 'gated-probe.ps1'),
        job: {
          signal: new AbortController().signal,
          progress: e => {
            if (e.phase !== 'item-finished') return;
            order.push(`${e.completed}:${e.error?.code ?? 'ok'}`);
            writeFileSync(gate, '');
          },
        },
      });
      expect(results.map(r => r.error)).toEqual([null, null]);
      expect(order).toEqual(['1:ok', '2:ok']);
      expect(results[0]?.durationMs).toBeGreaterThan(results[1]?.durationMs ?? Infinity);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('reports output that is not ServerFacts as malformed output', async () => {
    const results = await scanTargets([labTarget(), labTarget()], {
      runner: pool,
      concurrency: 2,
      timeoutMs: 30_000,
      scriptPath: path.join(__dirname, 'fixtures', 'bad-probe.ps1'),
    });
    for (const result of results) {
      expect(result.error?.code).toBe('malformed-output');
      expect(result.error?.message).toMatch(/returned data the wizard cannot read/);
      expect(result.facts).toBeNull();
    }
  });

  it('cancels: no new server starts and the scan rejects as cancelled', async () => {
    const { events, controller, job } = recorder();
    const targets = Array.from({ length: 6 }, () => labTarget());
    const scan = scanTargets(targets, {
      runner: pool,
      concurrency: 1,
      timeoutMs: 60_000,
      job: {
        signal: job.signal,
        progress: e => {
          job.progress(e);
          if (e.phase === 'item-finished') controller.abort();
        },
      },
    });
    const before = pool.pids;
    await expect(scan).rejects.toMatchObject({ code: 'cancelled' });
    expect(events.filter(e => e.phase === 'item-finished').length).toBeLessThan(6);
    // The batch stopped on its cancel file: its PowerShell was not killed, and runs on.
    expect(pool.pids).toEqual(before);
    const [again] = await scanTargets([labTarget()], { runner: pool, concurrency: 1, timeoutMs: 60_000 });
    expect(again?.error).toBeNull();
  });
});

describe('scan service without PowerShell', () => {
  const refusing: ScriptRunner = {
    run: async () => {
      throw new Error('PowerShell must not run for an invalid name');
    },
    dispose: async () => undefined,
  };

  it('refuses remote names that are not host names before any PowerShell runs', async () => {
    const hostile = [`ex01'; Remove-Item C:\\ -Recurse; '`, '$(Stop-Computer)', 'ex`01', 'a;b', 'two words'];
    const results = await scanTargets(
      hostile.map(name => ({ server: server(name, 'manual') })),
      { runner: refusing, concurrency: 2, timeoutMs: 5000 },
    );
    for (const [i, result] of results.entries()) {
      expect(result.error?.code).toBe('invalid-input');
      expect(result.error?.message).toContain(hostile[i]);
      expect(result.reachable).toBe(false);
    }
  });

  it.runIf(process.platform !== 'win32')('says plainly that remote probing needs Windows', async () => {
    const [result] = await scanTargets([{ server: server('ex01', 'manual') }], { runner: refusing, concurrency: 1, timeoutMs: 5000 });
    expect(result?.error?.code).toBe('unsupported');
    expect(result?.error?.fix).toMatch(/offline collector/);
  });

  it('keeps cancellation and a missing PowerShell as scan-wide failures', async () => {
    const missing: ScriptRunner = {
      run: async () => {
        throw new AppError('powershell-missing', 'PowerShell was not found.');
      },
      dispose: async () => undefined,
    };
    await expect(scanTargets([labTarget()], { runner: missing, concurrency: 1, timeoutMs: 5000 })).rejects.toMatchObject({ code: 'powershell-missing' });
  });
});
