import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, classifyBuild, type BuildClassification } from '../../src-shared/knowledge/index';
import { BuildClassification as BuildClassificationSchema } from '../../src-shared/knowledge/types';

const catalog = builtInCatalog();
const rule = (c: BuildClassification, cutoff: string) => {
  const r = c.certificateRules.find(x => x.cutoff === cutoff);
  if (!r) throw new Error(`no rule ${cutoff}`);
  return r;
};

describe('classifyBuild: the catalog', () => {
  it('classifies every catalog row back to itself', () => {
    for (const b of catalog.builds) {
      const c = classifyBuild(b.build);
      expect(c.known, b.build).toBe(true);
      expect(c.resolvedTo).toBeNull();
      expect(c.build).toBe(b.build);
      expect(c.product).toBe(b.product);
      expect(c.cu).toBe(b.cu);
      expect(c.update).toBe(b.update);
      if (b.fileVersionOf === null) {
        expect(c.releaseDate).toBe(b.releaseDate);
        expect(c.updateType).toBe(b.type);
      }
      expect(c.certificateRules.map(r => r.id)).toEqual(catalog.certificateRules.map(r => r.id));
      expect(BuildClassificationSchema.safeParse(c).success).toBe(true);
    }
  });

  it('classifies the zero-padded file-version form of every row the same way', () => {
    for (const b of catalog.builds) {
      const [a, m, n, r] = b.build.split('.');
      const padded = `${a}.${m?.padStart(2, '0')}.${n?.padStart(4, '0')}.${r?.padStart(3, '0')}`;
      const c = classifyBuild(padded);
      expect(c.build).toBe(b.build);
      expect(c.known).toBe(true);
    }
  });
});

describe('classifyBuild: the March 2023 and June 2026 cut-offs', () => {
  it('2019 CU11 RTM (15.2.986.5): released 2021-09-28, fails both', () => {
    const c = classifyBuild('15.2.986.5');
    expect([c.product, c.cu, c.update, c.releaseDate]).toEqual(['Exchange 2019', 'CU11', null, '2021-09-28']);
    expect(c.eemsAvailable).toBe(true);
    expect(rule(c, '2023-03')).toMatchObject({ satisfied: false, borderline: false, minimumBuild: null });
    expect(rule(c, '2026-06')).toMatchObject({ satisfied: false, borderline: false });
  });

  it('2019 CU12 Feb23SU (15.2.1118.25): released 2023-02-14, fails 2023-03', () => {
    const c = classifyBuild('15.2.1118.25');
    expect([c.cu, c.update, c.releaseDate, c.kb]).toEqual(['CU12', 'Feb23SU', '2023-02-14', 'KB5023038']);
    expect(rule(c, '2023-03')).toMatchObject({ satisfied: false, borderline: false, minimumBuild: '15.2.1118.30' });
  });

  it.each(['15.2.986.42', '15.2.1118.26', '15.1.2507.23'])('the March 2023 SU %s is borderline: not satisfied, flagged', build => {
    const c = classifyBuild(build);
    expect(c.update).toBe('Mar23SU');
    expect(c.releaseDate).toBe('2023-03-14');
    expect(rule(c, '2023-03')).toMatchObject({ satisfied: false, borderline: true });
    expect(rule(c, '2026-06').satisfied).toBe(false);
  });

  it('the first builds after the cut-off satisfy 2023-03', () => {
    expect(rule(classifyBuild('15.2.1118.30'), '2023-03').satisfied).toBe(true);
    expect(rule(classifyBuild('15.1.2507.27'), '2023-03').satisfied).toBe(true);
    expect(rule(classifyBuild('15.2.1258.12'), '2023-03').satisfied).toBe(true);
  });

  it('2019 CU15 Oct25SU (15.2.1748.39): satisfies 2023-03, fails 2026-06 whose minimum is ESU-only', () => {
    const c = classifyBuild('15.2.1748.39');
    expect([c.cu, c.update, c.releaseDate]).toEqual(['CU15', 'Oct25SU', '2025-10-14']);
    expect(rule(c, '2023-03').satisfied).toBe(true);
    expect(rule(c, '2026-06')).toMatchObject({ satisfied: false, minimumBuild: '15.2.1748.46', minimumBuildEsuOnly: true });
    expect(c.onLatestPublicUpdate).toBe(true);
    expect(c.latestPublicBuild).toBe('15.2.1748.39');
    expect(c.latestEsuBuild).toBe('15.2.1748.55');
    expect(c.supportState).toBe('end-of-support');
  });

  it.each(['15.2.2562.43', '15.2.2562.45', '15.2.2562.46', '15.2.2562.49', '15.2.2562.53', '15.2.2562.56', '15.2.2562.57'])('SE %s satisfies both', build => {
    const c = classifyBuild(build);
    expect(c.product).toBe('Exchange SE');
    expect(c.certificateRules.every(r => r.satisfied)).toBe(true);
    expect(c.supportState).toBe('supported');
  });

  it('SE May26HU (15.2.2562.41) is the last SE build before the June 2026 change', () => {
    const c = classifyBuild('15.2.2562.41');
    expect(rule(c, '2023-03').satisfied).toBe(true);
    expect(rule(c, '2026-06')).toMatchObject({ satisfied: false, minimumBuild: '15.2.2562.43', minimumBuildEsuOnly: false });
  });

  it('the ESU-only June 2026 updates of 2016/2019 satisfy 2026-06', () => {
    for (const build of ['15.1.2507.69', '15.2.1544.41', '15.2.1748.46', '15.2.1748.55']) {
      const c = classifyBuild(build);
      expect(c.esuOnly).toBe(true);
      expect(
        c.certificateRules.every(r => r.satisfied),
        build,
      ).toBe(true);
    }
  });

  it('builds without EEMS never satisfy a rule and say why', () => {
    for (const build of ['15.0.1497.48', '15.1.2308.27', '15.2.922.27']) {
      const c = classifyBuild(build);
      expect(c.eemsAvailable).toBe(false);
      expect(c.certificateRules.every(r => !r.satisfied && !r.borderline)).toBe(true);
      expect(rule(c, '2023-03').reason).toMatch(/no Emergency Mitigation Service/);
    }
  });

  it('EEMS is available from 2016 CU22, 2019 CU11 and in SE', () => {
    expect(classifyBuild('15.1.2308.8').eemsAvailable).toBe(false);
    expect(classifyBuild('15.1.2375.7').eemsAvailable).toBe(true);
    expect(classifyBuild('15.2.922.7').eemsAvailable).toBe(false);
    expect(classifyBuild('15.2.986.5').eemsAvailable).toBe(true);
    expect(classifyBuild('15.2.2562.17').eemsAvailable).toBe(true);
  });

  it('a rule not yet in force on `today` says so', () => {
    const c = classifyBuild('15.2.1748.39', { today: '2026-05-01' });
    expect(rule(c, '2026-06').inEffect).toBe(false);
    expect(rule(c, '2023-03').inEffect).toBe(true);
  });
});

describe('classifyBuild: builds not in the catalog', () => {
  it('a private fix resolves to the nearest lower known build of its CU', () => {
    const c = classifyBuild('15.2.1748.40');
    expect(c.known).toBe(false);
    expect(c.resolvedTo?.build).toBe('15.2.1748.39');
    expect(c.update).toBe('Oct25SU');
    expect(c.resolvedTo?.reason).toMatch(/nearest lower/);
  });

  it('a CU file version with a lower revision resolves to the CU, not the previous CU', () => {
    const c = classifyBuild('15.02.1748.008');
    expect(c.known).toBe(false);
    expect([c.product, c.cu, c.update]).toEqual(['Exchange 2019', 'CU15', null]);
    expect(c.resolvedTo?.build).toBe('15.2.1748.10');
  });

  it('a build newer than the catalog resolves to the newest known and says so', () => {
    const c = classifyBuild('15.2.2562.60');
    expect(c.resolvedTo?.build).toBe('15.2.2562.57');
    expect(c.resolvedTo?.reason).toMatch(/Newer than every/);
    expect(c.certificateRules.every(r => r.satisfied)).toBe(true);
    const future = classifyBuild('15.2.2700.5');
    expect(future.product).toBe('Exchange SE');
    expect(future.resolvedTo?.reason).toMatch(/newer catalog/);
  });

  it('a 3-part (OWA path) build is judged as the CU itself, with CU precision', () => {
    const c = classifyBuild('/owa/auth/15.2.1118/themes/resources/logon.css');
    expect(c.build).toBe('15.2.1118.0');
    expect([c.cu, c.update, c.buildPrecision, c.known]).toEqual(['CU12', null, 'cu', false]);
    expect(c.resolvedTo?.build).toBe('15.2.1118.7');
    expect(c.onLatestPublicUpdate).toBe(false);
    expect(rule(c, '2023-03').satisfied).toBe(false);
  });

  it('AdminDisplayVersion shows the CU only: known build, CU precision, a note', () => {
    const c = classifyBuild('Version 15.2 (Build 1748.10)');
    expect([c.build, c.cu, c.known, c.buildPrecision]).toEqual(['15.2.1748.10', 'CU15', true, 'cu']);
    expect(c.notes?.join(' ')).toMatch(/AdminDisplayVersion shows the CU only/);
    expect(c.onLatestPublicUpdate).toBe(false);
  });

  it('the OwaVersion file version 15.2.858.2 that Learn lists is CU9', () => {
    const c = classifyBuild('X-OWA-Version: 15.2.858.2');
    expect([c.known, c.cu, c.update]).toEqual([true, 'CU9', null]);
    expect(classifyBuild('15.2.858.3').cu).toBe('CU9');
  });

  it('a build older than every known build of its version resolves upward and says so', () => {
    const c = classifyBuild('15.0.1.1');
    expect(c.product).toBe('Exchange 2013');
    expect(c.resolvedTo?.reason).toMatch(/Older than every/);
  });

  it('an unknown product version (e.g. a fabricated 15.3 "SE CU1") is a typed error', () => {
    expect(() => classifyBuild('15.3.1750.13')).toThrow(AppError);
    expect(() => classifyBuild('14.3.123.4')).toThrow(/not a build of an Exchange version/);
  });

  it('unverified and unknown KBs are not reported as facts', () => {
    const sep = classifyBuild('15.1.2507.73');
    expect(sep.update).toBe('Sep26SU');
    expect(sep.kb).toBeNull();
    expect(sep.notes?.join(' ')).toMatch(/single third-party source/);
    const nov = classifyBuild('15.2.2562.57');
    expect([nov.update, nov.kb, nov.releaseDate]).toEqual(['Nov26SU', null, '2026-11-10']);
  });

  it('month-only release dates are given as YYYY-MM with month precision', () => {
    const c = classifyBuild('15.0.1497.4');
    expect(c.releaseDate).toBe('2019-11');
    expect(c.releaseDatePrecision).toBe('month');
    expect(classifyBuild('15.0.1497.12').releaseDatePrecision).toBe('day');
  });
});

describe('classifyBuild: robustness', () => {
  const isTypedError = (err: unknown) => err instanceof AppError && err.code === 'invalid-input';

  it('random text never throws anything but the typed error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), input => {
        try {
          BuildClassificationSchema.parse(classifyBuild(input));
        } catch (err) {
          expect(isTypedError(err)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('any 15.0-15.2 build classifies without throwing, into a valid classification', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (minor, build, rev) => {
        const c = classifyBuild(`15.${minor}.${build}.${rev}`);
        expect(BuildClassificationSchema.safeParse(c).success).toBe(true);
        expect(c.known || c.resolvedTo !== null).toBe(true);
        if (!c.known) expect(c.resolvedTo?.reason.length).toBeGreaterThan(10);
      }),
      { numRuns: 2000 },
    );
  });

  it('build-shaped noise (any numbers, 3 or 4 parts, padding, forms) never throws untyped errors', () => {
    const part = fc.integer({ min: 0, max: 99999 }).map(String);
    const shaped = fc.oneof(
      fc.tuple(part, part, part, part).map(p => p.join('.')),
      fc.tuple(part, part, part).map(p => p.join('.')),
      fc.tuple(part, part, part, part).map(([a, b, c, d]) => `Version ${a}.${b} (Build ${c}.${d})`),
      fc.tuple(part, part, part).map(p => `/owa/auth/${p.join('.')}/x`),
    );
    fc.assert(
      fc.property(shaped, input => {
        try {
          classifyBuild(input);
        } catch (err) {
          expect(isTypedError(err)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
