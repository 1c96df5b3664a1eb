import { describe, expect, it } from 'vitest';
import { analyseServer } from '../../src-shared/analysis';
import { classifyBuild, planInputFromFacts, planServer } from '../../src-shared/knowledge';
import { healthyFacts } from './fixtures';

/** The analyzer fed by the real classifier and planner, for the builds the issue names. */
function verdictFor(build: string, options: { hasEsu?: boolean } = {}) {
  const facts = healthyFacts({ exchange: { exSetupVersion: build } });
  const classification = classifyBuild(build, { today: '2026-11-26' });
  const plan = planServer(planInputFromFacts(facts), { hasEsu: options.hasEsu ?? false, today: '2026-11-26' });
  return analyseServer({ facts, classification, plan, error: null, today: '2026-11-26', organisationHasEsu: options.hasEsu ?? false });
}

function evidenceText(result: ReturnType<typeof verdictFor>): string {
  return result.eems.evidence.map(e => `${e.label}: ${e.value}`).join('\n');
}

describe('EEMS verdict with the real catalog', () => {
  it('2019 CU11 RTM (the E19 capture) is blocked by the March 2023 change, with its release date as evidence', () => {
    const result = verdictFor('15.02.0986.005');
    expect(result.eems.verdict).toBe('blocked-by-certificate');
    expect(result.eems.cutoff).toBe('2023-03');
    expect(evidenceText(result)).toContain('15.2.986.5');
    expect(evidenceText(result)).toContain('2021-09-28');
    expect(result.eems.fix).toMatch(/SE/);
  });

  it('2019 CU12 Feb23SU (ExSetup1.xml) is blocked by March 2023', () => {
    const result = verdictFor('15.02.1118.025');
    expect(result.eems.verdict).toBe('blocked-by-certificate');
    expect(result.eems.cutoff).toBe('2023-03');
    expect(evidenceText(result)).toContain('Feb23SU');
    expect(evidenceText(result)).toContain('2023-02-14');
  });

  it('2019 CU11 Mar23SU is borderline', () => {
    const result = verdictFor('15.2.986.42');
    expect(result.eems.verdict).toBe('borderline');
    expect(result.eems.cutoff).toBe('2023-03');
  });

  it('2019 CU15 Oct25SU is blocked by the June 2026 change', () => {
    const result = verdictFor('15.2.1748.39');
    expect(result.eems.verdict).toBe('blocked-by-certificate');
    expect(result.eems.cutoff).toBe('2026-06');
    expect(result.eems.fix).toMatch(/Exchange SE/);
  });

  it.each(['15.2.2562.43', '15.2.2562.53', '15.2.2562.57'])('SE %s (June 2026 SU or newer) is healthy', build => {
    expect(verdictFor(build).eems.verdict).toBe('healthy');
  });

  it('SE before its June 2026 SU is blocked by June 2026', () => {
    const result = verdictFor('15.2.2562.37');
    expect(result.eems.verdict).toBe('blocked-by-certificate');
    expect(result.eems.cutoff).toBe('2026-06');
  });

  it('2016 CU19 has no EEMS at all', () => {
    expect(verdictFor('15.1.2176.2').eems.verdict).toBe('not-applicable');
  });
});
