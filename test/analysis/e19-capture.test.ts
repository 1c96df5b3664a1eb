import { describe, expect, it } from 'vitest';
import { toProbedServer } from '../../electron/engine/scan/scan-service';
import { assessScan } from '../../src-shared/assessment/assess';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import type { ServerFacts } from '../../src-shared/domain/facts';
import type { ProbedServer } from '../../src-shared/assessment/scan-report';
import { useRealPwshHost } from '../helpers/pwsh';
import { probeLab } from '../probes/helpers';

/**
 * The whole chain on the real Health Checker capture: the probe in real pwsh
 * against the fake Exchange, then classification, planning and analysis.
 */
function result(facts: ServerFacts): ProbedServer {
  const discovered = { name: facts.identity.name, fqdn: facts.identity.fqdn, versionHint: null, roles: [], site: null, source: 'lab' as const, notes: [] };
  return toProbedServer(discovered, { facts, error: null, durationMs: 0 });
}

describe('EEMS verdict from the E19 capture (real probe, real catalog)', () => {
  const pwsh = useRealPwshHost('exwiz-e19-capture-');

  it('ExSetup.xml (15.2.986.5) is blocked by the March 2023 change, released 2021-09-28', async () => {
    const facts = await probeLab(pwsh.host);
    const report = assessScan([result(facts)], { source: 'lab:E19', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date('2026-11-26T12:00:00Z') });
    const server = report.servers[0]!;
    expect(server.eems?.verdict).toBe('blocked-by-certificate');
    expect(server.eems?.cutoff).toBe('2023-03');
    const evidence = server.eems!.evidence.map(e => `${e.label}: ${e.value}`).join('\n');
    expect(evidence).toContain('15.2.986.5');
    expect(evidence).toContain('2021-09-28');
    expect(server).toMatchObject({ product: 'Exchange 2019', cu: 'CU11', update: null, severity: 'critical' });
    expect(report.summary.blockedByCertificate).toEqual([{ name: 'SOLO-E19A', cutoff: '2023-03', build: '15.2.986.5' }]);
    expect(server.plan?.target?.product).toBe('Exchange SE');
  });

  it('ExSetup1.xml (CU12 Feb23SU, 2023-02-14) is blocked by the March 2023 change too', async () => {
    const facts = await probeLab(pwsh.host, { config: { variants: { ExSetup: '1' } } });
    const report = assessScan([result(facts)], { source: 'lab:E19', organisationHasEsu: false, catalog: builtInCatalog(), now: new Date('2026-11-26T12:00:00Z') });
    const server = report.servers[0]!;
    expect(server.eems).toMatchObject({ verdict: 'blocked-by-certificate', cutoff: '2023-03' });
    const evidence = server.eems!.evidence.map(e => e.value).join('\n');
    expect(evidence).toContain('Feb23SU');
    expect(evidence).toContain('2023-02-14');
  });
});
