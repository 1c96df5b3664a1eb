import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../src-shared/domain/errors';

/**
 * Signed catalog files: the catalog's JSON text, exactly as published, with
 * an Ed25519 signature over its UTF-8 bytes by a key the app trusts. The
 * built-in catalog needs no signature (it is part of the app); a catalog
 * imported onto a jump box does, because it decides which servers are shown
 * as cut off.
 */
export const SIGNED_CATALOG_KIND = 'exwiz-signed-catalog';

export const SignedCatalogEnvelope = z.object({
  kind: z.literal(SIGNED_CATALOG_KIND),
  version: z.literal(1),
  algorithm: z.literal('Ed25519'),
  keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  /** Base64 of the 64-byte signature. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  /** The catalog's JSON text. */
  catalog: z.string(),
});
export type SignedCatalogEnvelope = z.infer<typeof SignedCatalogEnvelope>;

/** Public keys (base64 of the SPKI DER) whose catalog signatures the app accepts, by key id. */
export type TrustedCatalogKeys = ReadonlyMap<string, string>;

/**
 * The keys this version of the app trusts. The private key is never in the
 * repository: `node scripts/catalog/sign.mjs --key <path>` signs with it (see
 * docs/SECURITY.md, "Signing a catalog").
 */
export const TRUSTED_CATALOG_KEYS: TrustedCatalogKeys = new Map([['exwiz-catalog-2026', 'MCowBQYDK2VwAyEAW2cvL0FCx15UWbJQ7tGaSuOKQYO1ysqIlbO6CDbh6F4=']]);

function publicKey(spkiBase64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
}

/** Signs a catalog's text; used by scripts/catalog/sign.mjs's TypeScript twin in tests. */
export function signCatalogText(catalogText: string, privateKey: KeyObject, keyId: string): SignedCatalogEnvelope {
  const signature = sign(null, Buffer.from(catalogText, 'utf8'), privateKey).toString('base64');
  return { kind: SIGNED_CATALOG_KIND, version: 1, algorithm: 'Ed25519', keyId, signature, catalog: catalogText };
}

/**
 * The catalog text of an envelope whose signature checks out against a
 * trusted key; an AppError (integrity) otherwise. A bad signature is refused
 * in every case: unlike an unsigned file, it says someone changed the file.
 */
export function verifiedCatalogText(envelope: SignedCatalogEnvelope, trusted: TrustedCatalogKeys, where: string): string {
  const key = trusted.get(envelope.keyId);
  if (key === undefined) {
    throw new AppError('integrity', `${where} is signed with a key this version of the wizard does not know (${envelope.keyId}); it was not used.`, {
      fix: 'Use a catalog published for this version of the wizard, or update the wizard.',
    });
  }
  const ok = verify(null, Buffer.from(envelope.catalog, 'utf8'), publicKey(key), Buffer.from(envelope.signature, 'base64'));
  if (!ok) {
    throw new AppError('integrity', `The signature of ${where} does not match its content: the catalog was changed after it was signed, so it was not used.`, {
      fix: 'Get the catalog again from where it is published; do not edit a signed catalog.',
    });
  }
  return envelope.catalog;
}
