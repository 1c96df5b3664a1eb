import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, type Catalog } from '../../src-shared/knowledge/index';
import { CatalogStore } from '../../electron/engine/catalog-store';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-catalog-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeCatalog(name: string, change: (c: Catalog) => void): string {
  const catalog = structuredClone(builtInCatalog());
  change(catalog);
  const file = path.join(home, name);
  writeFileSync(file, JSON.stringify(catalog));
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
    const active = await new CatalogStore(path.join(home, 'data')).active();
    expect(active).toMatchObject({ source: 'built-in', file: null, warning: null });
    expect(active.catalog.asOf).toBe(builtInCatalog().asOf);
  });

  it('imports a newer catalog, saves it in the data folder and makes it active', async () => {
    const data = path.join(home, 'data');
    const file = writeCatalog('new.json', c => {
      c.asOf = '2026-12-20';
    });
    const result = await new CatalogStore(data).importFile(file);
    expect(result).toMatchObject({ imported: true, asOf: '2026-12-20', previousAsOf: '2026-11-24' });
    expect(JSON.parse(readFileSync(path.join(data, 'catalog.json'), 'utf8')).asOf).toBe('2026-12-20');
    const fresh = await new CatalogStore(data).active();
    expect(fresh).toMatchObject({ source: 'imported', warning: null });
    expect(fresh.catalog.asOf).toBe('2026-12-20');
  });

  it('refuses an older catalog with a clear message', async () => {
    const file = writeCatalog('old.json', c => {
      c.asOf = '2026-01-10';
      c.builds = c.builds.filter(b => b.releaseDate <= '2026-01-10');
      const kept = new Set(c.builds.map(b => b.build));
      c.packages = c.packages.filter(p => kept.has(p.build));
      c.certificateRules = c.certificateRules.map(r => ({ ...r, minimumBuilds: r.minimumBuilds.map(m => (m.build && !kept.has(m.build) ? { ...m, build: null } : m)) }));
    });
    const err = await rejection(new CatalogStore(path.join(home, 'data')).importFile(file));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/as of 2026-01-10, older than the active catalog \(as of 2026-11-24\)/);
  });

  it('reports the same asOf as already active, without importing', async () => {
    const file = writeCatalog('same.json', () => undefined);
    const result = await new CatalogStore(path.join(home, 'data')).importFile(file);
    expect(result.imported).toBe(false);
    expect(result.message).toMatch(/already as of 2026-11-24/);
  });

  it('refuses malformed files: not JSON, wrong shape, broken references, missing file', async () => {
    const store = new CatalogStore(path.join(home, 'data'));
    const notJson = path.join(home, 'bad.json');
    writeFileSync(notJson, '{ this is not json');
    expect((await rejection(store.importFile(notJson))).message).toMatch(/not valid JSON/);
    const wrong = path.join(home, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ schemaVersion: 1, asOf: '2027-01-01' }));
    expect((await rejection(store.importFile(wrong))).message).toMatch(/malformed/);
    const broken = writeCatalog('broken.json', c => {
      c.asOf = '2027-01-01';
      c.certificateRules[0]?.borderlineBuilds.push({ build: '15.2.9999.1', reason: 'x' });
    });
    expect((await rejection(store.importFile(broken))).message).toMatch(/15\.2\.9999\.1 is not in the catalog/);
    expect((await rejection(store.importFile(path.join(home, 'missing.json')))).code).toBe('not-found');
    expect((await store.active()).source).toBe('built-in');
  });

  it('falls back to the built-in catalog with a warning when the saved file is broken or not newer', async () => {
    const data = path.join(home, 'data');
    const store = new CatalogStore(data);
    mkdirSync(data);
    writeFileSync(path.join(data, 'catalog.json'), '{"broken": true');
    const broken = await store.active();
    expect(broken.source).toBe('built-in');
    expect(broken.warning).toMatch(/not usable/);
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(builtInCatalog()));
    const same = await new CatalogStore(data).active();
    expect(same.source).toBe('built-in');
    expect(same.warning).toMatch(/not newer than the built-in/);
  });
});
