import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../electron/engine/catalog-store';
import { builtInCatalog } from '../../src-shared/knowledge/index';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'catalog', 'sign.mjs');

describe('scripts/catalog/sign.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-sign-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a key outside the repository and signs a catalog the store then accepts with that key', () => {
    const keyFile = path.join(dir, 'test-key.pem');
    const generated = execFileSync(process.execPath, [SCRIPT, '--generate-key', keyFile], { encoding: 'utf8' });
    const publicKey = /Public key \(SPKI, base64\): (\S+)/.exec(generated)?.[1];
    expect(publicKey).toBe(
      createPublicKey(createPrivateKey(readFileSync(keyFile)))
        .export({ type: 'spki', format: 'der' })
        .toString('base64'),
    );
    const catalogFile = path.join(dir, 'catalog.json');
    writeFileSync(catalogFile, JSON.stringify({ ...builtInCatalog(), asOf: '2026-11-29' }));
    execFileSync(process.execPath, [SCRIPT, '--key-id', 'test', '--out', path.join(dir, 'signed.json'), catalogFile], { env: { ...process.env, EXWIZ_CATALOG_KEY: keyFile } });
    const store = new CatalogStore(path.join(dir, 'data'), { trustedKeys: new Map([['test', publicKey!]]), today: () => '2026-11-30' });
    return expect(store.importFile(path.join(dir, 'signed.json'))).resolves.toMatchObject({ imported: true, signed: true, asOf: '2026-11-29' });
  });
});
