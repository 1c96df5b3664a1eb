import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCatalogText } from '../../electron/engine/catalog-signature';
import { CatalogStore, catalogTrustOf } from '../../electron/engine/catalog-store';
import { createEngine } from '../../electron/engine/engine';
import { duplicateJsonKey } from '../../electron/engine/json-duplicate-keys';
import { builtInCatalog, type Catalog } from '../../src-shared/knowledge/catalog';
import { catalogTrustLabel, UNSIGNED_CATALOG_LABEL } from '../../src-shared/knowledge/catalog-trust';
import { reportFromScan } from '../../src-shared/report/build';
import { renderHtml } from '../../src-shared/report/html/render';
import { REPORT_OPTIONS, sampleScan } from '../report/fixtures';

/**
 * Every verdict rests on the build catalog, so who vouches for it is shown (header, report) and
 * only a catalog the admin imported is used: an unsigned record dropped into the data folder, an
 * older catalog copied over a newer one and a signed file with a key twice are refused.
 */
const KEY = generateKeyPairSync('ed25519');
const KEYS = new Map([['test-key', KEY.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')]]);
const storeIn = (directory: string) => new CatalogStore(directory, { trustedKeys: KEYS, today: () => '2026-11-30' });

let home: string;
let data: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-catalog-trust-'));
  data = path.join(home, 'data');
  mkdirSync(data);
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function catalogAsOf(asOf: string): Catalog {
  return { ...structuredClone(builtInCatalog()), asOf };
}

function signedFile(name: string, text: string): string {
  const file = path.join(home, name);
  writeFileSync(file, JSON.stringify(signCatalogText(text, KEY.privateKey, 'test-key')));
  return file;
}

describe('which catalog is trusted, and by whom', () => {
  it('app info and the report say who signed the catalog, or that nobody did', async () => {
    await storeIn(data).importFile(signedFile('signed.json', JSON.stringify(catalogAsOf('2026-11-28'))));
    const signed = await storeIn(data).active();
    expect(catalogTrustOf(signed)).toEqual({ asOf: '2026-11-28', trust: 'signed', signedBy: 'test-key', warning: null });
    expect(catalogTrustLabel(signed)).toBe('signed by test-key');

    const unsignedFile = path.join(home, 'unsigned.json');
    writeFileSync(unsignedFile, JSON.stringify(catalogAsOf('2026-11-29')));
    await storeIn(data).importFile(unsignedFile, { allowUnsigned: true });
    const unsigned = await storeIn(data).active();
    expect(catalogTrustOf(unsigned)).toMatchObject({ asOf: '2026-11-29', trust: 'unsigned', signedBy: null, warning: expect.stringMatching(/WITHOUT a valid signature/) });

    const report = reportFromScan(sampleScan(), { ...REPORT_OPTIONS, catalogTrust: catalogTrustLabel(unsigned) });
    expect(report.scan.catalogTrust).toBe(UNSIGNED_CATALOG_LABEL);
    const html = renderHtml(report);
    expect(html).toContain('Build catalog NOT SIGNED, imported with --allow-unsigned.');
    expect(renderHtml(reportFromScan(sampleScan(), { ...REPORT_OPTIONS, catalogTrust: 'signed by test-key' }))).toContain('(signed by test-key)');
  });

  it('getAppInfo carries the trust of the active catalog (the header shows it)', async () => {
    const engine = createEngine({ mode: 'cli', version: '1', dataDirectory: data, ports: { openExternal: async () => undefined } });
    try {
      const info = await engine.dispatch('getAppInfo', {});
      expect(info).toMatchObject({ ok: true, value: { catalogTrust: { trust: 'built-in', signedBy: null, asOf: builtInCatalog().asOf } } });
    } finally {
      await engine.dispose();
    }
  });
});

describe('a catalog the admin did not import is refused at start', () => {
  it('an unsigned record dropped into the data folder (no --allow-unsigned audit)', async () => {
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify({ kind: 'exwiz-unsigned-catalog', acceptedAt: '2026-11-29T00:00:00Z', catalog: catalogAsOf('2026-11-29') }));
    const active = await storeIn(data).active();
    expect(active).toMatchObject({ source: 'built-in', trust: 'built-in' });
    expect(active.warning).toMatch(/imported with --allow-unsigned/);
  });

  it('an unsigned record whose catalog was changed after the import', async () => {
    const file = path.join(home, 'unsigned.json');
    writeFileSync(file, JSON.stringify(catalogAsOf('2026-11-29')));
    await storeIn(data).importFile(file, { allowUnsigned: true });
    const record = JSON.parse(readFileSync(path.join(data, 'catalog.json'), 'utf8'));
    expect(record.audit).toMatchObject({ allowUnsigned: true, importedFrom: file });
    // Still a valid catalog, but no longer the one the admin accepted.
    record.catalog.certificateRules[0].title += ' (edited)';
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(record));
    const active = await storeIn(data).active();
    expect(active).toMatchObject({ source: 'built-in' });
    expect(active.warning, active.warning ?? '').toMatch(/changed after it was imported/);
  });

  it('an older signed catalog copied over a newer one; importing it is refused too', async () => {
    const older = signedFile('older.json', JSON.stringify(catalogAsOf('2026-11-27')));
    await storeIn(data).importFile(older);
    const kept = path.join(home, 'kept-older.json');
    copyFileSync(path.join(data, 'catalog.json'), kept);
    await storeIn(data).importFile(signedFile('newer.json', JSON.stringify(catalogAsOf('2026-11-29'))));
    copyFileSync(kept, path.join(data, 'catalog.json'));
    const active = await storeIn(data).active();
    expect(active).toMatchObject({ source: 'built-in' });
    expect(active.warning).toMatch(/as of 2026-11-27, older than the catalog as of 2026-11-29 imported here before/);
    await expect(storeIn(data).importFile(older)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/older than the catalog as of 2026-11-29 imported here before/) });
  });

  it('a signed catalog with a key twice, inside the signed text or in its envelope', async () => {
    const text = JSON.stringify(catalogAsOf('2026-11-29'));
    // The signed text says asOf twice: JSON.parse would keep the last, another reader the first.
    const twice = text.replace('{', '{"asOf":"2026-11-29",');
    await expect(storeIn(data).importFile(signedFile('twice.json', twice))).rejects.toMatchObject({ code: 'integrity', message: expect.stringMatching(/key "asOf" twice/) });
    const envelope = JSON.stringify(signCatalogText(text, KEY.privateKey, 'test-key'));
    const outer = path.join(home, 'outer.json');
    writeFileSync(outer, envelope.replace('{', '{"keyId":"other",'));
    await expect(storeIn(data).importFile(outer)).rejects.toMatchObject({ code: 'integrity', message: expect.stringMatching(/key "keyId" twice/) });
    // Saved by hand into the data folder: refused at start.
    writeFileSync(path.join(data, 'catalog.json'), JSON.stringify(signCatalogText(twice, KEY.privateKey, 'test-key')));
    expect((await storeIn(data).active()).warning).toMatch(/twice in one object/);
  });
});

describe('duplicateJsonKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"x":{"b":1,"c":{"b":2},"b":3}}', 'b'],
    ['[{"a":1},{"a":2}]', null],
    ['{"a":"a","b":["a","a"],"c":{"a":{"a":1}}}', null],
    ['{"a\\"b":1,"a\\"b":2}', 'a"b'],
  ])('%s → %s', (text, key) => {
    expect(duplicateJsonKey(text)).toBe(key);
  });
});
