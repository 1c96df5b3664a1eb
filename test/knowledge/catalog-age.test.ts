import { describe, expect, it } from 'vitest';
import { nextUpdateTuesday, secondTuesday, staleCatalogWarning } from '../../src-shared/knowledge/catalog-age';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { planInput } from '../helpers/plan-input';

describe('a stale catalog (issue 25)', () => {
  it("finds the second Tuesday of a month (Microsoft's update day)", () => {
    // Release days from the catalog: Nov26SU 2026-11-10, Oct25SU 2025-10-14, Mar23SU 2023-03-14.
    expect(secondTuesday(2026, 11)).toBe('2026-11-10');
    expect(secondTuesday(2025, 10)).toBe('2025-10-14');
    expect(secondTuesday(2023, 3)).toBe('2023-03-14');
    expect(nextUpdateTuesday('2026-11-24')).toBe('2026-12-08');
    expect(nextUpdateTuesday('2026-12-01')).toBe('2026-12-08');
    expect(nextUpdateTuesday('2026-12-31')).toBe('2027-01-12');
  });

  it('warns only once the next update Tuesday after asOf has passed, in the organisation plan too', () => {
    expect(staleCatalogWarning('2026-11-24', '2026-12-08')).toBeNull();
    expect(staleCatalogWarning('2026-11-24', '2026-12-09')).toMatch(/predates the update Tuesday 2026-12-08/);
    const catalog = builtInCatalog();
    const inputs = [planInput('15.2.2562.57')];
    expect(planOrganisation(inputs, { hasEsu: false, catalog, today: catalog.asOf }).notes.join(' ')).not.toMatch(/update Tuesday/);
    expect(planOrganisation(inputs, { hasEsu: false, catalog, today: '2027-01-20' }).notes[0]).toMatch(/import a newer catalog/);
  });
});
