import { describe, expect, it } from 'vitest';
import { assessScan, probedPart } from '../../src-shared/assessment/assess';
import { reassessFromFacts } from '../../src-shared/assessment/reassess-from-facts';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { organisationChecklistForScan } from '../../src-shared/wizard/organisation-checklist';
import { sampleScan } from '../report/fixtures';

const PAYLOAD = '; New-Item -Path C:\\pwned';

/** The sample organisation without its Exchange SE servers (so AD needs preparing), as the wizard assessed it on the day of its scan. */
function assessed(): ScanReport {
  const sample = sampleScan();
  return assessScan(sample.servers.filter(s => s.product !== 'Exchange SE').map(probedPart), {
    source: sample.source,
    organisationHasEsu: false,
    catalog: builtInCatalog(),
    now: new Date(sample.generatedAt),
    adLevels: null,
  });
}

/** Every conclusion of a file changed: plan commands with a payload, findings said to be fine. */
function tamper(scan: ScanReport): ScanReport {
  const copy = structuredClone(scan);
  if (copy.plan) copy.plan.adPreparation.commands = copy.plan.adPreparation.commands.map(c => c + PAYLOAD);
  for (const server of copy.servers) {
    server.severity = 'ok';
    server.findings = server.findings.map(f => ({ ...f, severity: 'ok' as const }));
    for (const step of server.plan?.steps ?? []) step.commands = (step.commands ?? []).map(c => c + PAYLOAD);
  }
  return copy;
}

describe('reassessFromFacts', () => {
  it('draws every conclusion again from the facts, on the day of the scan, with its source, ESU answer and AD levels', () => {
    const clean = assessed();
    expect(clean.plan?.adPreparation.needed).toBe(true);
    const again = reassessFromFacts(tamper(clean), builtInCatalog());
    expect(again).toEqual(clean);
    expect(JSON.stringify(again)).not.toContain('pwned');
  });

  it('keeps the AD levels the scan read (they decide the AD preparation)', () => {
    const clean = assessed();
    const levels = { schemaRangeUpper: 17003, organisationObjectVersion: 16762, domains: [{ name: 'contoso.local', objectVersion: 13243 }], readAt: '2026-11-26T09:10:00Z', error: null };
    const withLevels = assessScan(clean.servers.map(probedPart), { source: clean.source, organisationHasEsu: false, catalog: builtInCatalog(), now: new Date(clean.generatedAt), adLevels: levels });
    expect(reassessFromFacts(withLevels, builtInCatalog()).adLevels).toEqual(levels);
    expect(reassessFromFacts(withLevels, builtInCatalog()).plan?.adPreparation).toEqual(withLevels.plan?.adPreparation);
  });

  it('refuses a scan whose date is not a date, with the fix', () => {
    expect(() => reassessFromFacts({ ...assessed(), generatedAt: 'yesterday' }, builtInCatalog())).toThrow(
      expect.objectContaining({ code: 'invalid-input', fix: expect.stringContaining('Scan again') }),
    );
  });
});

describe('the checklist builders', () => {
  it('never copy a command of the plan: a plan with changed commands gives the same runbook', () => {
    const clean = assessed();
    const commands = (scan: ScanReport) => organisationChecklistForScan(scan, { catalog: builtInCatalog() }).flatMap(s => s.items.flatMap(i => i.commands));
    expect(commands(clean).some(c => c.endsWith('/PrepareAD'))).toBe(true);
    expect(commands(tamper(clean))).toEqual(commands(clean));
  });
});
