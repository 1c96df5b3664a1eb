import { describe, expect, it } from 'vitest';
import { builtInCatalog, classifyBuild } from '../../src-shared/knowledge/index';
import { esuInForce } from '../../src-shared/knowledge/esu';
import { buildSupportChecks } from '../../src-shared/analysis/checks/build-support';

const catalog = builtInCatalog();

describe('ESU end (catalog data)', () => {
  it('the catalog gives 2016 and 2019 an ESU end of 2026-10-31', () => {
    for (const product of ['Exchange 2016', 'Exchange 2019']) expect(catalog.products.find(p => p.product === product)?.esuEnd).toBe('2026-10-31');
  });

  it('esuInForce: yes with ESU before the end, no after it, no without ESU', () => {
    const p2019 = catalog.products.find(p => p.product === 'Exchange 2019');
    expect(esuInForce(p2019, true, '2026-09-01')).toBe(true);
    expect(esuInForce(p2019, true, '2026-11-24')).toBe(false);
    expect(esuInForce(p2019, false, '2026-09-01')).toBe(false);
  });

  it('after the end, end of support is critical whatever the ESU answer', () => {
    const severity = (today: string, hasEsu: boolean) => {
      const classification = classifyBuild('15.2.1748.39', { catalog, today });
      const findings = buildSupportChecks.flatMap(check => check({ facts: null, classification, plan: null, today, organisationHasEsu: hasEsu }));
      return findings.find(f => f.id === 'exchange.end-of-support')?.severity;
    };
    expect(severity('2026-09-01', true)).toBe('warning');
    expect(severity('2026-11-24', true)).toBe('critical');
    expect(severity('2026-11-24', false)).toBe('critical');
  });
});
