import { z } from 'zod';

/**
 * Why the active build catalog is believed: it ships inside the app, a trusted key signed it, or
 * the admin imported it unsigned with --allow-unsigned. Every verdict rests on the catalog, so
 * the header and the report say which.
 */
export const CatalogTrust = z.object({
  /** The catalog's date. */
  asOf: z.string(),
  trust: z.enum(['built-in', 'signed', 'unsigned']),
  /** The id of the key that signed it; null unless signed. */
  signedBy: z.string().nullable(),
  /** Why a saved catalog was not used, or that the active one is unsigned; null when all is well. */
  warning: z.string().nullable(),
});
export type CatalogTrust = z.infer<typeof CatalogTrust>;

/** How an unsigned catalog is named wherever its trust is shown. */
export const UNSIGNED_CATALOG_LABEL = 'NOT SIGNED, imported with --allow-unsigned';

/** The trust in words: "built into the app", "signed by <key>" or "NOT SIGNED, imported with --allow-unsigned". */
export function catalogTrustLabel(trust: Pick<CatalogTrust, 'trust' | 'signedBy'>): string {
  switch (trust.trust) {
    case 'built-in':
      return 'built into the app';
    case 'signed':
      return `signed by ${trust.signedBy ?? 'a trusted key'}`;
    case 'unsigned':
      return UNSIGNED_CATALOG_LABEL;
  }
}
