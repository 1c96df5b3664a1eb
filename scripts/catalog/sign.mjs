#!/usr/bin/env node
// Signs a catalog for `exwiz catalog import` (Ed25519 over the catalog file's exact bytes).
//
//   node scripts/catalog/sign.mjs --key <private-key.pem> --key-id <id> [--out <file>] <catalog.json>
//   node scripts/catalog/sign.mjs --generate-key <private-key.pem>
//
// The private key never lives in the repository: pass its path with --key or EXWIZ_CATALOG_KEY.
// --generate-key writes a new PKCS#8 key (mode 0600) and prints the public key to add to
// TRUSTED_CATALOG_KEYS in electron/engine/catalog-signature.ts. See docs/SECURITY.md.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { key: { type: 'string' }, 'key-id': { type: 'string' }, out: { type: 'string' }, 'generate-key': { type: 'string' } },
});

function fail(message) {
  process.stderr.write(`sign: ${message}\n`);
  process.exit(2);
}

if (values['generate-key']) {
  const target = path.resolve(values['generate-key']);
  if (existsSync(target)) fail(`${target} exists; not overwriting a key.`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(target, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  process.stdout.write(`Private key: ${target} (keep it out of the repository)\nPublic key (SPKI, base64): ${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}\n`);
  process.exit(0);
}

const keyPath = values.key ?? process.env.EXWIZ_CATALOG_KEY;
const keyId = values['key-id'];
const [input] = positionals;
if (!keyPath || !keyId || !input) fail('usage: sign.mjs --key <private-key.pem> --key-id <id> [--out <file>] <catalog.json>');
if (!/^[A-Za-z0-9._-]{1,64}$/.test(keyId)) fail('the key id has letters, digits, ".", "_" and "-" only.');
const catalog = readFileSync(input, 'utf8');
JSON.parse(catalog); // a signature over something that is not JSON helps nobody
const privateKey = createPrivateKey(readFileSync(keyPath));
const signature = sign(null, Buffer.from(catalog, 'utf8'), privateKey);
if (!verify(null, Buffer.from(catalog, 'utf8'), createPublicKey(privateKey), signature)) fail('the new signature does not verify.');
const envelope = { kind: 'exwiz-signed-catalog', version: 1, algorithm: 'Ed25519', keyId, signature: signature.toString('base64'), catalog };
const out = values.out ?? input.replace(/\.json$/i, '') + '.signed.json';
writeFileSync(out, `${JSON.stringify(envelope, null, 2)}\n`);
process.stdout.write(`Signed ${input} with ${keyId}: ${out}\n`);
