import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../src-shared/domain/errors';
import { compareBuilds, parseBuild, parseBuildDetailed } from '../../src-shared/knowledge/build-number';

describe('parseBuild', () => {
  it.each([
    ['15.2.986.5', '15.2.986.5', 'exact'],
    ['15.02.0986.005', '15.2.986.5', 'exact'],
    ['  15.02.1118.025  ', '15.2.1118.25', 'exact'],
    ['15.02.1748.039 (built by: something)', '15.2.1748.39', 'exact'],
    ['Version 15.2 (Build 986.5)', '15.2.986.5', 'cu'],
    ['version 15.1 (build 2507.6)', '15.1.2507.6', 'cu'],
    ['X-OWA-Version: 15.2.922.13', '15.2.922.13', 'exact'],
    ['15.2.922.13', '15.2.922.13', 'exact'],
    ['15.2.986', '15.2.986.0', 'cu'],
    ['https://mail.contoso.com/owa/auth/15.2.1748/themes/resources/favicon.ico', '15.2.1748.0', 'cu'],
    ['/owa/15.1.2507/scripts/x.js', '15.1.2507.0', 'cu'],
    ['/ecp/15.2.986.42/exporttool/x', '15.2.986.42', 'exact'],
  ])('reads %j as %s (%s)', (input, build, precision) => {
    const parsed = parseBuildDetailed(input);
    expect(parsed.text).toBe(build);
    expect(parsed.precision).toBe(precision);
    expect(parseBuild(input)).toBe(build);
  });

  it.each(['', '   ', 'garbage', '15.2', '15', '15.2.986.5.1', '15.2.986.x', 'Version 15.2', '15.2.70000.1', 'X-OWA-Version: 15.2.986', '-15.2.986.5', 'x'.repeat(600)])(
    'rejects %j with a typed invalid-input error',
    input => {
      let caught: unknown;
      try {
        parseBuild(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('invalid-input');
      expect((caught as AppError).fix).toBeTruthy();
    },
  );

  it('never throws anything but AppError invalid-input, and normalises round-trip', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), input => {
        try {
          const text = parseBuild(input);
          expect(text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
          expect(parseBuild(text)).toBe(text);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe('invalid-input');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts any zero-padded 4-part build and strips the padding', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (parts, pad) => {
        const padded = parts.map(p => String(p).padStart(pad + 1, '0')).join('.');
        expect(parseBuild(padded)).toBe(parts.join('.'));
      }),
    );
  });
});

describe('compareBuilds', () => {
  it('compares numerically, not as text', () => {
    expect(compareBuilds('15.2.986.42', '15.2.986.5')).toBeGreaterThan(0);
    expect(compareBuilds('15.2.1118.7', '15.2.986.42')).toBeGreaterThan(0);
    expect(compareBuilds('15.1.2507.61', '15.2.221.12')).toBeLessThan(0);
    expect(compareBuilds('15.2.2562.57', '15.2.2562.57')).toBe(0);
  });
});
