import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, type Catalog } from '../../src-shared/knowledge/index';
import { CatalogStore } from '../../electron/engine/catalog-store';
import { signCatalogText } from '../../electron/engine/catalog-signature';
import { generateKeyPairSync } from 'node:crypto';

/** A key pair made for the tests; the app's own public key is never used with it. */
const TEST_KEY = generateKeyPairSync('ed25519');
const TEST_KEYS = new Map([['test-key', TEST_KEY.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')]]);
const TODAY = '2026-11-30';
const storeIn = (directory: string) => new CatalogStore(directory, { trustedKeys: TEST_KEYS, today: () => TODAY });

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-catalog-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A catalog file signed with the test key (or left unsigned), after a change. */
function writeCatalog(name: string, change: (c: Catalog) => void, signing: 'signed' | 'unsigned' = 'signed'): string {
  const catalog = structuredClone(builtInCatalog());
  change(catalog);
  const file = path.join(home, name);
  const text = JSON.stringify(catalog);
  writeFileSync(file, signing === 'signed' ? JSON.stringify(signCatalogText(text, TEST_KEY.privateKey, 'test-key')) : text);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('CatalogStore', () => {
  it('uses the built-in catalog when nothing was imported', async () => {
    const active = await storeIn(path.join(home, 'data')).active();
    expect(active).toMatchObject({ source: 'built-in', file: null, warning: null });
    expect(active.catalog.asOf).toBe(builtInCatalog().asOf);
  });

  it('imports a newer catalog, saves it in the data folder and makes it active', async () => {
    const data = path.join(home, 'data');
    const file = writeCatalog('new.json', c => {
      c.asOf = '2026-11-29';
    });
    const result = await storeIn(data).importFile(file);
    expect(result).toMatchObject({ imported: true, asOf: '2026-11-29', previousAsOf: '2026-11-24', signed: true });
    expect(JSON.parse(JSON.parse(readFileSync(path.join(data, 'catalog.json'), 'utf8')).catalog).asOf).toBe('2026-11-29');
    const fresh = await storeIn(data).active();
    expect(fresh).toMatchObject({ source: 'imported', warning: null, trust: 'signed' });
    expect(fresh.catalog.asOf).toBe('2026-11-29');
  });

  it('refuses an older catalog with a clear message', async () => {
    const file = writeCatalog('old.json', c => {
      c.asOf = '2026-01-10';
      c.builds = c.builds.filter(b => b.releaseDate <= '2026-01-10');
      const kept = new Set(c.builds.map(b => b.build));
      c.packages = c.packages.filter(p => kept.has(p.build));
      c.certificateRules = c.certificateRules.map(r => ({ ...r, minimumBuilds: r.minimumBuilds.map(m => (m.build && !kept.has(m.build) ? { ...m, build: null } : m)) }));
    });
    const err = await rejection(storeIn(path.join(home, 'data')).importFile(file));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/as of 2026-01-10, older than the active catalog \(as of 2026-11-24\)/);
  });

  it('reports the same asOf as already active, without importing', async () => {
    const file = writeCatalog('same.json', () => undefined);
    const result = await storeIn(path.join(home, 'data')).importFile(file);
    expect(result.imported).toBe(false);
    expect(result.message).toMatch(/already as of 2026-11-24/);
  });

  it('refuses malformed files: not JSON, wrong shape, broken references, missing file', async () => {
    const store = storeIn(path.join(home, 'data'));
    const notJson = path.join(home, 'bad.json');
    writeFileSync(notJson, '{ this is not json');
    expect((await rejection(store.importFile(notJson))).message).toMatch(/not valid JSON/);
    const wrong = path.join(home, 'wrong.json');
    writeFileSync(wrong, JSON.stringify(signCatalogText(JSON.stringify({ schemaVersion: 1, asOf: '2026-11-30' }), TEST_KEY.privateKey, 'test-key')));
    expect((await rejection(store.importFile(wrong))).message).toMatch(/malformed/);
    const broken = writeCatalog('broken.json', c => {
      c.asOf = '2026-11-30';
      c.certificateRules[0]?.borderlineBuilds.push({ build: '15.2.9999.1', reason: 'x' });
    });
    expect((await rejection(store.importFile(broken))).message).toMatch(/15\.2\.9999\.1 is not in the catalog/);
    expect((await rejection(store.importFile(path.join(home, 'missing.json')))).code).toBe('not-found');
    expect((await store.active()).source).toBe('built-in');
  });

  it('falls back to the built-in catalog with a warning when the saved file is broken or not newer', async () => {
    const data = path.join(home, 'data');
    const store = storeIn(data);
    mkdirSync(data);
    writeFileSync(path.join(data, 'catalog.json'), '{"broken": true');
    const broken = await store.active();
    expect(broken.source).toBe('built-in');
    expect(broken.warning).toMatch(/not usable/);
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(signCatalogText(JSON.stringify(builtInCatalog()), TEST_KEY.privateKey, 'test-key')));
    const same = await storeIn(data).active();
    expect(same.source).toBe('built-in');
    expect(same.warning).toMatch(/not newer than the built-in/);
  });

  it('refuses an unsigned catalog unless allowed, and then marks it unsigned', async () => {
    const data = path.join(home, 'data');
    const file = writeCatalog('unsigned.json', c => void (c.asOf = '2026-11-29'), 'unsigned');
    const refused = await rejection(storeIn(data).importFile(file));
    expect(refused.code).toBe('integrity');
    expect(refused.fix).toMatch(/--allow-unsigned/);
    expect((await storeIn(data).active()).source).toBe('built-in');
    const allowed = await storeIn(data).importFile(file, { allowUnsigned: true });
    expect(allowed).toMatchObject({ imported: true, signed: false });
    const active = await storeIn(data).active();
    expect(active).toMatchObject({ source: 'imported', trust: 'unsigned' });
    expect(active.warning).toMatch(/WITHOUT a valid signature/);
  });

  it('cannot be flipped by a lying catalog: a changed signed file, a foreign key, a saved file edited afterwards', async () => {
    const data = path.join(home, 'data');
    // The lie: no build is cut off any more.
    const lie = (c: Catalog) => {
      c.asOf = '2026-11-29';
      c.certificateRules = c.certificateRules.map(r => ({ ...r, minimumBuilds: r.minimumBuilds.map(m => ({ ...m, build: null })) }));
    };
    const tampered = writeCatalog('tampered.json', c => void (c.asOf = '2026-11-29'));
    const envelope = JSON.parse(readFileSync(tampered, 'utf8'));
    const lying = structuredClone(builtInCatalog());
    lie(lying);
    envelope.catalog = JSON.stringify(lying);
    writeFileSync(tampered, JSON.stringify(envelope));
    expect((await rejection(storeIn(data).importFile(tampered, { allowUnsigned: true }))).message).toMatch(/does not match its content/);
    const foreign = generateKeyPairSync('ed25519');
    const other = path.join(home, 'foreign.json');
    writeFileSync(other, JSON.stringify(signCatalogText(JSON.stringify(lying), foreign.privateKey, 'test-key')));
    expect((await rejection(storeIn(data).importFile(other))).code).toBe('integrity');
    expect((await storeIn(data).active()).source).toBe('built-in');
    // A good import, then the saved file is edited in the data folder: the next start falls back.
    await storeIn(data).importFile(writeCatalog('good.json', c => void (c.asOf = '2026-11-29')));
    const saved = JSON.parse(readFileSync(path.join(data, 'catalog.json'), 'utf8'));
    saved.catalog = JSON.stringify(lying);
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(saved));
    const after = await storeIn(data).active();
    expect(after.source).toBe('built-in');
    expect(after.warning).toMatch(/not usable/);
  });

  it('refuses a catalog dated after tomorrow, signed or not, on import and when loading', async () => {
    const data = path.join(home, 'data');
    for (const signing of ['signed', 'unsigned'] as const) {
      const far = writeCatalog(`far-${signing}.json`, c => void (c.asOf = '9999-12-31'), signing);
      const err = await rejection(storeIn(data).importFile(far, { allowUnsigned: true }));
      expect(err.message).toMatch(/after tomorrow \(2026-12-01\)/);
    }
    const tomorrow = writeCatalog('tomorrow.json', c => void (c.asOf = '2026-12-01'));
    expect((await storeIn(data).importFile(tomorrow)).imported).toBe(true);
    // Saved by a version without the date check: the next start does not let it block later catalogs.
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(signCatalogText(JSON.stringify({ ...builtInCatalog(), asOf: '9999-12-31' }), TEST_KEY.privateKey, 'test-key')));
    expect((await storeIn(data).active()).source).toBe('built-in');
  });
});
