import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, catalogAsOf, classifyBuild, findUpdatePackage, parseCatalog, type Catalog } from '../../src-shared/knowledge/index';
import Ajv2020 from 'ajv/dist/2020';
import { catalogJsonSchema } from '../../src-shared/knowledge/catalog-json-schema';
// @ts-expect-error plain ESM generator script without type declarations
import { buildCatalog, DEFAULT_REFERENCE_DIR } from '../../scripts/catalog/build-catalog.mjs';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';

const dataDir = path.resolve(__dirname, '../../src-shared/knowledge/data');
const committed = JSON.parse(readFileSync(path.join(dataDir, 'catalog.json'), 'utf8'));
const clone = (): Catalog => structuredClone(builtInCatalog());

function expectInvalid(json: unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    parseCatalog(json);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('invalid-input');
  expect((caught as AppError).message).toMatch(pattern);
}

describe('the built-in catalog', () => {
  it('is valid, versioned and dated', () => {
    const catalog = builtInCatalog();
    expect(catalog.schemaVersion).toBe(1);
    expect(catalogAsOf()).toBe('2026-11-24');
    expect(catalogAsOf(catalog)).toBe(catalog.asOf);
    expect(catalog.builds.length).toBeGreaterThan(300);
  });

  it('covers every build of the Learn list and the newer ones through the November 2026 SE SU', () => {
    const learn = path.join(DEFAULT_REFERENCE_DIR, 'exchange-all-builds-learn.csv');
    if (!existsSync(learn)) return;
    const builds = new Set(builtInCatalog().builds.map(b => b.build));
    const rows = readFileSync(learn, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) expect(builds.has(row.split(',')[0] ?? '')).toBe(true);
    for (const b of ['15.1.2507.77', '15.2.1544.50', '15.2.1748.55', '15.2.2562.56', '15.2.2562.57']) expect(builds.has(b)).toBe(true);
  });

  it('has the lifecycle, AD levels and prerequisites the planner needs', () => {
    const c = builtInCatalog();
    const product = (name: string) => c.products.find(p => p.product === name);
    expect(product('Exchange 2016')?.extendedEnd).toBe('2025-10-14');
    expect(product('Exchange 2019')?.extendedEnd).toBe('2025-10-14');
    expect(product('Exchange 2013')?.extendedEnd).toBe('2023-04-11');
    expect(product('Exchange SE')?.extendedEnd).toBeNull();
    const cu = (p: string, n: string) => c.cus.find(x => x.product === p && x.cu === n);
    expect(cu('Exchange 2019', 'CU14')?.adLevels).toEqual({ schema: 17003, domain: 13243, org: 16762 });
    expect(cu('Exchange SE', 'RTM')?.adLevels).toEqual(cu('Exchange 2019', 'CU15')?.adLevels);
    const se = c.targets.find(t => t.product === 'Exchange SE');
    expect(se?.vcRedist2012).toBe('11.0.61030');
    expect(se?.vcRedist2013).toBe('12.0.40664');
    expect(se?.dotNet.map(d => d.recommendedRelease)).toEqual([528040, 533320, 533320]);
    // Learn "Exchange Server system requirements": 2019 (and SE) beside 2013 CU21+ and 2016 CU11+ only.
    for (const t of c.targets.filter(x => x.product !== 'Exchange 2016')) {
      expect(t.coexistenceMinimums).toEqual([
        { product: 'Exchange 2013', cu: 'CU21' },
        { product: 'Exchange 2016', cu: 'CU11' },
      ]);
    }
  });

  it('flags the ESU-only and last public SUs', () => {
    const b = (build: string) => builtInCatalog().builds.find(x => x.build === build);
    expect(b('15.1.2507.61')).toMatchObject({ lastPublicSu: true, esuOnly: false });
    expect(b('15.1.2507.63')).toMatchObject({ esuOnly: true });
    expect(b('15.2.2562.57')).toMatchObject({ esuOnly: false, nameByConvention: true, kb: null });
    expect(b('15.2.2562.49')).toMatchObject({ kb: 'KB5121608', kbVerified: false });
  });

  it('keys packages by product, CU and update; a URL or hash only where Microsoft published one', () => {
    const c = builtInCatalog();
    const keys = new Set(c.packages.map(p => `${p.product}|${p.cu}|${p.update}|${p.kind}`));
    expect(keys.size).toBe(c.packages.length);
    expect(c.packages.filter(p => p.url !== null)).toEqual([]);
    expect(c.packages.filter(p => p.sha256 !== null).map(p => p.id)).toEqual(['exchange-2016-cu23-may22su-exe']);
    // The same file name exists for different CUs: ids must differ.
    const cu13 = findUpdatePackage('exchange-2019-cu13-nov24suv2-exe');
    const cu14 = findUpdatePackage('exchange-2019-cu14-nov24suv2-exe');
    expect(cu13?.fileName).toBe(cu14?.fileName);
    expect(cu13?.build).not.toBe(cu14?.build);
    expect(findUpdatePackage('exchange-se-rtm-nov26su-exe')).toMatchObject({ build: '15.2.2562.57', esuOnly: false, fileNameConfirmed: false });
    expect(findUpdatePackage('exchange-2019-cu15-oct26su-exe')).toMatchObject({ esuOnly: true, downloadPage: null });
    expect(findUpdatePackage('no-such-package')).toBeNull();
  });
});

describe('catalog files', () => {
  it('publishes an up-to-date JSON Schema', () => {
    const schema = JSON.parse(readFileSync(path.join(dataDir, 'catalog.schema.json'), 'utf8'));
    expect(schema).toEqual(JSON.parse(JSON.stringify(catalogJsonSchema())));
  });

  it('the published JSON Schema accepts the catalog and rejects a broken one (checked with ajv)', () => {
    const schema = JSON.parse(readFileSync(path.join(dataDir, 'catalog.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(committed), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ ...committed, builds: [{ build: '15.2' }] })).toBe(false);
  });

  it('the committed catalog.json is what the generator makes from the reference', () => {
    if (!existsSync(DEFAULT_REFERENCE_DIR)) {
      console.warn(`skipped: ${DEFAULT_REFERENCE_DIR} is not here`);
      return;
    }
    const { catalog } = buildCatalog(DEFAULT_REFERENCE_DIR);
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(committed);
  });
});

describe('parseCatalog refuses malformed data', () => {
  it('not an object', () => {
    expectInvalid(null, /not an Exchange build catalog/);
    expectInvalid([1, 2], /not an Exchange build catalog/);
    expectInvalid('catalog', /not an Exchange build catalog/);
  });

  it('a newer format', () => {
    expectInvalid({ ...clone(), schemaVersion: 2 }, /format version 2/);
  });

  it('missing or wrong fields', () => {
    const { asOf: _asOf, ...noDate } = clone();
    expectInvalid(noDate, /asOf/);
    expectInvalid({ ...clone(), asOf: '2026-13-45' }, /asOf/);
    const badBuild = clone();
    (badBuild.builds[0] as { build: string }).build = '15.2.x';
    expectInvalid(badBuild, /builds\.0\.build/);
  });

  it('broken cross-references', () => {
    const rule = clone();
    rule.certificateRules[0]?.minimumBuilds.push({ product: 'Exchange 2019', cu: 'CU15', build: '15.2.1748.99', note: null });
    expectInvalid(rule, /not a Exchange 2019 CU15 build in the catalog/);
    const minimum = clone();
    minimum.targets[0]?.coexistenceMinimums?.push({ product: 'Exchange 2016', cu: 'CU99' });
    expectInvalid(minimum, /targets\.0\.coexistenceMinimums\.2.*Exchange 2016 CU99 is not a known CU/s);
    const dup = clone();
    dup.builds.push({ ...(dup.builds[0] as Catalog['builds'][number]) });
    expectInvalid(dup, /listed twice/);
    const pkg = clone();
    (pkg.packages[0] as { build: string }).build = '15.2.2562.57';
    expectInvalid(pkg, /packages\.0\.build/);
    const future = clone();
    future.asOf = '2026-01-01';
    expectInvalid(future, /released after the catalog's asOf/);
  });
});

describe('certificate rules are data', () => {
  it('a third rule is a catalog change only', () => {
    const catalog = clone();
    catalog.certificateRules.push(THIRD_CERTIFICATE_RULE);
    const parsed = parseCatalog(catalog);
    const latest = classifyBuild('15.2.2562.57', { catalog: parsed });
    expect(latest.certificateRules.map(r => r.cutoff)).toEqual(['2023-03', '2026-06', '2027-01']);
    expect(latest.certificateRules[2]).toMatchObject({ satisfied: true, inEffect: false });
    const older = classifyBuild('15.2.2562.56', { catalog: parsed, today: '2027-02-01' });
    expect(older.certificateRules[2]).toMatchObject({ satisfied: false, borderline: true, inEffect: true });
    expect(classifyBuild('15.2.1748.55', { catalog: parsed }).certificateRules[2]?.satisfied).toBe(false);
  });
});
