import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tlsConfiguration } from '../../src-shared/domain/tls-configuration';
import { ScanReport, type ServerScanResult } from '../../src-shared/assessment/scan-report';
import type { JobProgress } from '../../src-shared/ipc/contract';
import { main } from '../../electron/cli/main';
import { createEngine, type Engine } from '../../electron/engine/engine';
import type { ScriptRunner } from '../../electron/engine/powershell/host';
import { prepareDemoLab } from '../../electron/engine/demo/demo-lab';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import { z } from 'zod';
import { requirePwsh, sharedPwshHost } from '../helpers/pwsh';
import { E19 } from '../probes/helpers';
import { demoScan, seedDemoLab } from '../helpers/demo-scan';

function byName(servers: ServerScanResult[], name: string): ServerScanResult {
  const found = servers.find(s => s.name === name);
  if (!found) throw new Error(`${name} missing from the scan`);
  return found;
}

/** What the demo organisation must show, whichever way it was scanned. */
function expectDemo(report: ScanReport): void {
  const servers = report.servers;
  expect(servers.map(s => s.name).sort()).toEqual(['EDGE01', 'EX01', 'EX02', 'EX03', 'EX04', 'EXSE01', 'EXSE02']);
  expect(servers.every(s => s.source === 'demo')).toBe(true);

  const ex01 = byName(servers, 'EX01');
  expect(ex01).toMatchObject({ build: '15.2.986.36', reachable: true, error: null, roles: ['Mailbox'] });
  expect(ex01.facts?.collectionMethod).toBe('demo');
  expect(ex01.facts?.eems.events1008?.[0]?.message).toMatch(/untrusted endpoint/);
  expect(ex01.facts?.eems.certificateLogLines?.[0]?.line).toMatch(/Connection attempted against untrusted endpoint/);
  expect(ex01.facts?.reboot?.pending).toBe(true);
  expect(ex01.facts?.prerequisites.vcRedist2013).toBe('12.0.21005');

  const ex02 = byName(servers, 'EX02');
  expect(ex02.build).toBe('15.1.2375.37');
  expect(ex02.facts?.eems.serverMitigationsEnabled).toBe(false);
  expect(ex02.facts?.disks[0]?.freeBytes).toBeLessThan(6 * 1024 ** 3);

  const ex03 = byName(servers, 'EX03');
  expect(ex03.build).toBe('15.2.1544.33');
  expect(ex03.facts?.eems.events1008?.[0]?.message).toMatch(/unknown issuer/);
  expect(ex03.facts?.eems.certificateLogLines?.[0]?.line).toMatch(/leaf certificate is from unknown issuer or has EKU mismatch/);
  expect(tlsConfiguration(ex03.facts!.tls!.versions.find(v => v.version === '1.0')!)).toBe('Misconfigured');
  // Outlook Anywhere read through the Exchange shell: no demo server offloads SSL (Edge has none).
  expect(ex03.facts?.outlookAnywhere).toEqual({ identity: 'EX03\\Rpc (Default Web Site)', sslOffloading: false, internalClientsRequireSsl: true, externalClientsRequireSsl: true });

  for (const name of ['EXSE01', 'EXSE02']) {
    const se = byName(servers, name);
    expect(se.build).toBe('15.2.2562.57');
    expect(se.facts?.maintenance).toMatchObject({ dagName: 'DAG01', clusterNodeState: 'Up' });
  }
  const exse02 = byName(servers, 'EXSE02');
  expect(exse02.facts?.eems.ocsTest).toMatchObject({ statusCode: null, proxy: 'http://proxy.contoso.local:8080/' });
  expect(exse02.facts?.eems.ocsTest?.error).toMatch(/Could not establish trust relationship for the SSL\/TLS secure channel.*remote certificate is invalid/);
  expect(exse02.facts?.maintenance?.inactiveComponents).toEqual([{ component: 'HubTransport', state: 'Inactive' }]);
  expect(byName(servers, 'EXSE01').facts?.eems.ocsTest?.statusCode).toBe(200);

  const edge = byName(servers, 'EDGE01');
  expect(edge).toMatchObject({ build: '15.2.1544.36', roles: ['Edge'], error: null });
  expect(edge.facts?.identity.isEdge).toBe(true);
  expect(edge.facts?.eems.ocsTest).toBeNull();
  expect(edge.facts?.outlookAnywhere).toBeNull();
  const edgeCertificate = edge.facts?.certificates?.[0];
  expect(Date.parse(edgeCertificate?.notAfter ?? '') - Date.now()).toBeLessThan(13 * 86_400_000);

  const ex04 = byName(servers, 'EX04');
  expect(ex04).toMatchObject({ reachable: false, facts: null, build: null, severity: 'critical' });
  expect(ex04.error?.code).toBe('winrm-unreachable');
  expect(ex04.error?.fix).toMatch(/offline collector/);

  const auth = byName(servers, 'EX01').facts?.authCertificate;
  expect(auth?.foundOnServer).toBe(true);
  const authDays = (Date.parse(auth?.notAfter ?? '') - Date.now()) / 86_400_000;
  expect(authDays).toBeGreaterThan(43);
  expect(authDays).toBeLessThan(46);

  // Classified, planned and analysed: every EEMS situation the demo is built to show.
  const verdicts = Object.fromEntries(servers.map(s => [s.name, `${s.eems?.verdict}${s.eems?.cutoff ? ` ${s.eems.cutoff}` : ''}`]));
  expect(verdicts).toEqual({
    EX01: 'blocked-by-certificate 2023-03',
    EX02: 'blocked-by-certificate 2023-03',
    EX03: 'blocked-by-certificate 2026-06',
    EX04: 'blocked-by-certificate 2023-03',
    EXSE01: 'healthy',
    EXSE02: 'ocs-unreachable',
    EDGE01: 'not-applicable',
  });
  expect(byName(servers, 'EX01')).toMatchObject({ product: 'Exchange 2019', cu: 'CU11', update: 'Nov22SU' });
  expect(byName(servers, 'EX03').plan?.target?.product).toBe('Exchange SE');
  expect(report.plan?.order).toHaveLength(7);
  // EX04 did not answer: counted as not checked, not as cut off (its verdict rests on discovery's build alone).
  expect(report.summary.blockedByCertificate.map(b => b.name)).toEqual(['EX01', 'EX02', 'EX03']);
  expect(report.summary.serverCount).toBe(7);
  expect(report.summary.unreachableCount).toBe(1);
}

describe('the demo organisation', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-demo-'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('is generated once a day and reused', async () => {
    // The run's demo scan generated today's lab; a copy of it must be reused as is.
    seedDemoLab(home);
    let runs = 0;
    const counting: ScriptRunner = { run: (...args) => (runs++, sharedPwshHost().run(...args)), dispose: async () => undefined };
    const first = await prepareDemoLab(counting, home);
    expect(runs).toBe(0);
    expect(existsSync(path.join(first, 'EX01', 'Exchange', 'GetExchangeServer.xml'))).toBe(true);
    const tomorrow = new Date(Date.now() + 86_400_000);
    const next = await prepareDemoLab(counting, home, { now: tomorrow });
    expect(next).not.toBe(first);
    expect(runs).toBe(1);
    expect(existsSync(first)).toBe(false);
  });
});

describe('exwiz scan --demo --json', () => {
  let out: string;
  let err: string;
  let home: string;
  beforeEach(() => {
    requirePwsh();
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-cli-scan-'));
    vi.stubEnv('EXWIZ_HOME', home);
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(chunk => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(chunk => ((err += String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints { servers: [...] } with the rest of the report and writes --out', () => {
    // The run's one demo scan (test/helpers/demo-scan.global.ts) is this command.
    const run = demoScan();
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out);
    expect(Array.isArray(printed.servers)).toBe(true);
    expect(printed.discoveryErrors).toEqual([]);
    const report = ScanReport.parse(printed);
    expect(report.source).toBe('demo');
    for (const server of printed.servers) {
      for (const key of ['name', 'fqdn', 'build', 'product', 'cu', 'update', 'roles', 'reachable', 'error', 'facts']) expect(server).toHaveProperty(key);
    }
    expectDemo(report);
    expect(JSON.parse(run.report ?? 'null')).toEqual(printed);
  });

  it('plans with the AD levels discovery read, and says so', () => {
    const report = ScanReport.parse(JSON.parse(demoScan().out));
    // The demo's AD is at the Exchange SE levels (its lab's ad-levels.json), read by discovery, not guessed from builds.
    expect(report.adLevels).toMatchObject({ schemaRangeUpper: 17003, organisationObjectVersion: 16763 });
    expect(report.plan?.adPreparation.levelsSource).toBe('observed');
    expect(report.plan?.adPreparation.needed).toBe(false);
  });

  it('refuses conflicting or missing sources as a usage error', async () => {
    expect(await main(['scan'])).toBe(2);
    expect(err).toMatch(/exactly one of --demo, --lab <dir> or --servers/);
    expect(await main(['scan', '--demo', '--lab', home])).toBe(2);
  });

  it('scans a lab folder and prints readable text', async () => {
    const code = await main(['scan', '--lab', E19]);
    expect(code).toBe(0);
    expect(out).toMatch(/SOLO-E19A \(Solo-E19A\.Solo\.com\)/);
    expect(out).toMatch(/build\s+15\.2\.986\.5/);
    expect(out).toMatch(/EEMS\s+enabled org yes \/ server yes; service Running \(Automatic\)/);
    expect(out).toMatch(/OCS test\s+HTTP 200, reachable/);
    expect(err).toMatch(/SOLO-E19A scanned \(build 15\.2\.986\.5\)/);
  });
});

describe('engine handlers: discover, scan, rescan, collector', () => {
  let engine: Engine;
  let home: string;
  const events: JobProgress[] = [];
  beforeAll(() => {
    requirePwsh();
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-handlers-'));
    seedDemoLab(home);
    engine = createEngine({ mode: 'cli', version: 'test', dataDirectory: home, ports: { openExternal: async () => undefined }, concurrency: 2 });
    engine.context.events.subscribe((name, payload) => {
      if (name === 'jobProgress') events.push(payload as JobProgress);
    });
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('finds the demo servers, scans them, keeps the report in the session and re-scans one', async () => {
    const found = await engine.dispatch('discoverServers', { jobId: 'd1', method: 'demo' });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    const { servers } = found.value as { servers: Array<{ name: string; roles: string[] }> };
    expect(servers).toHaveLength(7);
    expect(servers.find(s => s.name === 'EDGE01')?.roles).toEqual(['Edge']);

    // The whole organisation's results are checked on the run's CLI scan; through the
    // engine, four servers cover reachable Exchange servers (EX02 is the one the
    // collector test below replaces), an Edge server and one that cannot be reached.
    const picked = ['EX02', 'EX03', 'EDGE01', 'EX04'];
    const some = servers.filter(s => picked.includes(s.name));
    const scanned = await engine.dispatch('scanServers', { jobId: 's1', servers: some, organisationHasEsu: false });
    expect(scanned.ok).toBe(true);
    if (!scanned.ok) return;
    const report = ScanReport.parse((scanned.value as { report: unknown }).report);
    const cli = ScanReport.parse(JSON.parse(demoScan().report ?? 'null'));
    for (const name of picked) {
      const viaEngine = byName(report.servers, name);
      const viaCli = byName(cli.servers, name);
      expect({ build: viaEngine.build, severity: viaEngine.severity, error: viaEngine.error?.code ?? null }).toEqual({
        build: viaCli.build,
        severity: viaCli.severity,
        error: viaCli.error?.code ?? null,
      });
    }
    const perServer = events.filter(e => e.jobId === 's1' && e.phase === 'item-finished');
    expect(perServer.map(e => e.serverName).sort()).toEqual([...picked].sort());
    expect(perServer.find(e => e.serverName === 'EX04')?.error?.code).toBe('winrm-unreachable');

    const session = await engine.context.sessions.load();
    expect(session.scan?.servers).toHaveLength(picked.length);
    expect(session.discovered).toHaveLength(7);

    const again = await engine.dispatch('rescanServer', { jobId: 'r1', serverName: 'ex03' });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const value = again.value as { server: ServerScanResult; report: ScanReport };
    expect(value.server.name).toBe('EX03');
    expect(value.report.servers).toHaveLength(picked.length);
    const missing = await engine.dispatch('rescanServer', { jobId: 'r2', serverName: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('imports a collector capture into the report; the server is re-scanned from it from then on', async () => {
    const exported = await engine.dispatch('exportCollector', { directory: path.join(home, 'exports') });
    if (!exported.ok) throw new Error(exported.error.message);
    const demo = await prepareDemoLab(engine.context.scripts(), home);
    const { value: zip } = await engine.context.scripts().run(
      path.join(__dirname, '..', 'collector', 'fixtures', 'run-collector.ps1'),
      {
        ModulePath: path.join(powershellScriptsDirectory(), 'lab', 'ExwizLab.psm1'),
        LabDirectory: path.join(demo, 'EX02'),
        CollectorPath: (exported.value as { path: string }).path,
        OutputDirectory: path.join(home, 'collected'),
        ServerName: 'EX02',
      },
      { schema: z.string() },
    );
    const imported = await engine.dispatch('importCollectorCapture', { jobId: 'i0', path: zip });
    if (!imported.ok) throw new Error(imported.error.message);
    const { server, report } = imported.value as { server: ServerScanResult; report: ScanReport };
    expect(server).toMatchObject({ name: 'EX02', source: 'offline-collector', build: '15.1.2375.37', error: null });
    expect(server.facts?.collectionMethod).toBe('offline-collector');
    expect(report.servers.filter(s => s.name === 'EX02')).toHaveLength(1);
    const again = await engine.dispatch('rescanServer', { jobId: 'r3', serverName: 'EX02' });
    if (!again.ok) throw new Error(again.error.message);
    expect((again.value as { server: ServerScanResult }).server.facts?.collectionMethod).toBe('offline-collector');
  });

  it('exports the collector and refuses a file that is not a capture', async () => {
    const exported = await engine.dispatch('exportCollector', {});
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    expect(existsSync((exported.value as { path: string }).path)).toBe(true);
    const refused = await engine.dispatch('importCollectorCapture', { jobId: 'i1', path: (exported.value as { path: string }).path });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
