import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assessOrganisation, assessScan, probedPart, reassessScan, reassessServer, type AssessmentContext } from '../../src-shared/assessment/assess';
import { ScanReport, type ProbedServer } from '../../src-shared/assessment/scan-report';
import * as analyser from '../../src-shared/analysis/analyse-server';
import * as classifier from '../../src-shared/knowledge/classifier';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { healthyFacts } from '../analysis/fixtures';

// Spies that still call the real classifier and analyzer, so every conclusion below is real.
vi.mock('../../src-shared/knowledge/classifier', async importOriginal => {
  const real = await importOriginal<typeof import('../../src-shared/knowledge/classifier')>();
  return { ...real, classifyBuild: vi.fn(real.classifyBuild) };
});
vi.mock('../../src-shared/analysis/analyse-server', async importOriginal => {
  const real = await importOriginal<typeof import('../../src-shared/analysis/analyse-server')>();
  return { ...real, analyseServer: vi.fn(real.analyseServer) };
});

const classifyBuild = vi.mocked(classifier.classifyBuild);
const analyseServer = vi.mocked(analyser.analyseServer);

const TODAY = '2026-11-26';
const context: AssessmentContext = { catalog: builtInCatalog(), today: TODAY, organisationHasEsu: false };

function probed(name: string, patch: Parameters<typeof healthyFacts>[0] = {}): ProbedServer {
  const facts = healthyFacts({ ...patch, identity: { name, fqdn: `${name.toLowerCase()}.contoso.local`, ...patch.identity } });
  return { name, fqdn: facts.identity.fqdn, source: 'lab', reachable: true, error: null, roles: facts.identity.roles, versionHint: null, facts, durationMs: 10 };
}

/** Version texts as the servers report them (ExSetup's zero-padded FileVersion, discovery's AD text). */
const EX01 = probed('EX01', { exchange: { exSetupVersion: '15.02.0986.005' } }); // 2019 CU11
const EX02 = probed('EX02'); // Exchange SE Nov26SU
const EDGE01 = probed('EDGE01', { identity: { roles: ['Edge'], isEdge: true }, exchange: { exSetupVersion: '15.02.1544.004' } }); // 2019 CU14
const EX04: ProbedServer = {
  name: 'EX04',
  fqdn: null,
  source: 'active-directory',
  reachable: false,
  error: { code: 'winrm-unreachable', message: 'EX04 did not answer over WinRM.' },
  roles: ['Mailbox'],
  versionHint: 'Version 15.1 (Build 2507.6)',
  facts: null,
  durationMs: 5,
};
const ORGANISATION = [EX01, EX02, EDGE01, EX04];
const VERSION_TEXT: Record<string, string> = {
  EX01: '15.02.0986.005',
  EX02: '15.02.2562.057',
  EDGE01: '15.02.1544.004',
  EX04: 'Version 15.1 (Build 2507.6)',
};

/** How often each server's own version text went through the classifier. */
function classificationsPerServer(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, text] of Object.entries(VERSION_TEXT)) counts[name] = classifyBuild.mock.calls.filter(([input]) => input === text).length;
  return counts;
}

function analysedServers(): string[] {
  return analyseServer.mock.calls.map(([input]) => input.facts?.identity.name ?? 'unprobed').sort();
}

beforeEach(() => {
  classifyBuild.mockClear();
  analyseServer.mockClear();
});

describe('assessOrganisation', () => {
  it('classifies each server build once (the planner reuses it) and analyses each server once', () => {
    const assessed = assessOrganisation(ORGANISATION, context);
    expect(classificationsPerServer()).toEqual({ EX01: 1, EX02: 1, EDGE01: 1, EX04: 1 });
    expect(analyseServer).toHaveBeenCalledTimes(4);
    expect(assessed.servers.map(s => [s.name, s.product, s.cu])).toEqual([
      ['EX01', 'Exchange 2019', 'CU11'],
      ['EX02', 'Exchange SE', expect.any(String)],
      ['EDGE01', 'Exchange 2019', 'CU14'],
      ['EX04', 'Exchange 2016', 'CU23'],
    ]);
  });

  it('keeps what was probed untouched and stores each server plan once', () => {
    const assessed = assessOrganisation(ORGANISATION, context);
    assessed.servers.forEach((server, i) => expect(probedPart(server)).toEqual(ORGANISATION[i]));
    expect(assessed.plan).not.toBeNull();
    expect(assessed.plan).not.toHaveProperty('servers');
    expect(assessed.servers.find(s => s.name === 'EX01')?.plan?.target?.product).toBe('Exchange SE');
  });

  it('gives a report the ScanReport schema accepts, with the summary ordered worst first', () => {
    const report = assessScan(ORGANISATION, { source: 'lab:test', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date(`${TODAY}T12:00:00Z`) });
    expect(ScanReport.parse(report)).toEqual(report);
    expect(report.summary.worstFirst[0]).not.toBe('EX02');
    expect(report.summary.serverCount).toBe(4);
  });
});

describe('reassessServer (one server scanned again)', () => {
  const rescanned = probed('EX01', { exchange: { exSetupVersion: '15.02.1748.039' } }); // now 2019 CU15

  it('classifies only the re-scanned server and gives what a full assessment gives', () => {
    const before = assessScan(ORGANISATION, { source: 'lab:test', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date(`${TODAY}T12:00:00Z`) });
    classifyBuild.mockClear();
    analyseServer.mockClear();
    const after = reassessServer(before, rescanned, context);
    expect(classifyBuild.mock.calls.filter(([input]) => input === '15.02.1748.039')).toHaveLength(1);
    expect(classificationsPerServer()).toEqual({ EX01: 0, EX02: 0, EDGE01: 0, EX04: 0 });
    // Re-analysed: the re-scanned server, and only those whose part of the plan changed with it.
    expect(analysedServers()).toContain('EX01');
    expect(analysedServers().filter(n => n === 'EX01')).toHaveLength(1);
    expect(analysedServers().length).toBeLessThan(ORGANISATION.length);
    expect(after).toEqual(assessOrganisation([rescanned, EX02, EDGE01, EX04], context));
  });

  it('adds a server that was not in the earlier scan, after the others', () => {
    const before = assessScan([EX02, EDGE01], { source: 'lab:test', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date(`${TODAY}T12:00:00Z`) });
    const after = reassessScan(before, EX01, { catalog: builtInCatalog(), now: new Date(`${TODAY}T13:00:00Z`) });
    expect(after.servers.map(s => s.name)).toEqual(['EX02', 'EDGE01', 'EX01']);
    expect(after.source).toBe('lab:test');
    expect(after.servers).toEqual(assessOrganisation([EX02, EDGE01, EX01], context).servers);
  });

  it('assesses everything again when the earlier scan was made on another day', () => {
    const before = assessScan(ORGANISATION, { source: 'lab:test', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date('2026-11-01T12:00:00Z') });
    classifyBuild.mockClear();
    analyseServer.mockClear();
    reassessServer(before, rescanned, context);
    expect(classificationsPerServer()).toEqual({ EX01: 0, EX02: 1, EDGE01: 1, EX04: 1 });
    expect(analyseServer).toHaveBeenCalledTimes(4);
  });
});
