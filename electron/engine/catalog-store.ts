import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, parseCatalog, type Catalog } from '../../src-shared/knowledge/catalog';
import type { CatalogTrust } from '../../src-shared/knowledge/catalog-trust';
import { writeJsonAtomic } from './atomic-file';
import { SIGNED_CATALOG_KIND, SignedCatalogEnvelope, TRUSTED_CATALOG_KEYS, verifiedCatalogText, type TrustedCatalogKeys } from './catalog-signature';
import { duplicateJsonKey } from './json-duplicate-keys';
import { READ_WITHOUT_WAITING } from './read-flags';

/** Which catalog is in use and where it came from. */
export interface ActiveCatalog {
  catalog: Catalog;
  source: 'built-in' | 'imported';
  /** The imported file in the data folder, when that is the active one. */
  file: string | null;
  /** Why a saved imported catalog was not used (unreadable, malformed, older than the built-in), or that it is unsigned. */
  warning: string | null;
  /** built-in: part of the app; signed: a valid signature of a trusted key; unsigned: imported with --allow-unsigned. */
  trust: 'built-in' | 'signed' | 'unsigned';
  /** The id of the key that signed the active catalog; null unless signed. */
  signedBy: string | null;
}

export interface ImportResult {
  imported: boolean;
  asOf: string;
  previousAsOf: string;
  file: string;
  message: string;
  counts: CatalogCounts;
  /** Whether the imported file was signed by a trusted key. */
  signed: boolean;
}

export interface CatalogStoreOptions {
  builtIn?: () => Catalog;
  /** Public keys whose signatures are accepted (default: the app's). */
  trustedKeys?: TrustedCatalogKeys;
  /** Today as YYYY-MM-DD (default: the system clock, UTC). */
  today?: () => string;
}

/** Largest catalog file read: the real one is well under 1 MB. */
const MAX_CATALOG_BYTES = 16 * 1024 * 1024;
const UNSIGNED_KIND = 'exwiz-unsigned-catalog';

/**
 * How an unsigned catalog imported with --allow-unsigned is kept, so it is never mistaken for a
 * signed one. Its audit says it was accepted with the flag, from where, and the SHA-256 of the
 * catalog as accepted: a record without it (dropped into the folder by hand, or edited) is refused.
 */
const UnsignedCatalogRecord = z.object({
  kind: z.literal(UNSIGNED_KIND),
  acceptedAt: z.string(),
  audit: z.object({ allowUnsigned: z.literal(true), importedFrom: z.string(), sha256: z.string().regex(/^[a-f0-9]{64}$/) }),
  catalog: z.unknown(),
});

/** The newest catalog date ever imported into this data folder: an older catalog copied over a newer one is refused. */
const CatalogHistory = z.object({ newestAsOf: z.string() });

export interface CatalogCounts {
  builds: number;
  cus: number;
  packages: number;
  certificateRules: number;
}

/**
 * The active Exchange build catalog: the newer of the one built into the app and one imported
 * into the data folder (`catalog.json`) with `exwiz catalog import` (the offline update for
 * air-gapped jump boxes). An imported catalog is validated before it is saved, and again when it
 * is loaded; a broken saved file falls back to the built-in catalog with a warning instead of
 * stopping the wizard.
 */
export class CatalogStore {
  readonly file: string;
  private cached: ActiveCatalog | null = null;

  private readonly builtIn: () => Catalog;
  private readonly trustedKeys: TrustedCatalogKeys;
  private readonly today: () => string;

  /** The newest catalog date ever imported here (catalog-history.json). */
  readonly historyFile: string;

  constructor(
    readonly directory: string,
    options: CatalogStoreOptions = {},
  ) {
    this.file = path.join(directory, 'catalog.json');
    this.historyFile = path.join(directory, 'catalog-history.json');
    this.builtIn = options.builtIn ?? builtInCatalog;
    this.trustedKeys = options.trustedKeys ?? TRUSTED_CATALOG_KEYS;
    this.today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  }

  async active(): Promise<ActiveCatalog> {
    if (this.cached) return this.cached;
    const builtIn = this.builtIn();
    let result: ActiveCatalog = { catalog: builtIn, source: 'built-in', file: null, warning: null, trust: 'built-in', signedBy: null };
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      result = { ...result, warning: `The imported catalog ${this.file} could not be read (${err.code ?? err.message}); using the built-in catalog.` };
      return null;
    });
    if (text !== null) {
      try {
        const { catalog: imported, signedBy } = this.readSaved(text);
        this.refuseFutureDate(imported, this.file);
        await this.refuseOlderThanImported(imported);
        if (imported.asOf > builtIn.asOf) {
          const warning = signedBy
            ? null
            : `The active catalog (as of ${imported.asOf}) was imported WITHOUT a valid signature (--allow-unsigned): its facts are only as trustworthy as the file it came from.`;
          result = { catalog: imported, source: 'imported', file: this.file, warning, trust: signedBy ? 'signed' : 'unsigned', signedBy };
        } else result = { ...result, warning: `The imported catalog (as of ${imported.asOf}) is not newer than the built-in one (as of ${builtIn.asOf}); using the built-in catalog.` };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        result = { ...result, warning: `The imported catalog ${this.file} is not usable (${message}); using the built-in catalog.` };
      }
    }
    this.cached = result;
    return result;
  }

  /**
   * Imports a catalog file: it must be signed by a trusted key (or `allowUnsigned` given for an
   * unsigned one; a bad signature is refused in every case), valid, dated no later than tomorrow
   * and newer than the active catalog. The same asOf is reported as "already active"
   * (imported: false); an older one is refused.
   */
  async importFile(source: string, options: { allowUnsigned?: boolean } = {}): Promise<ImportResult> {
    const text = await readLimited(source);
    const json = parseJson(text, source);
    const signedEnvelope = isKind(json, SIGNED_CATALOG_KIND);
    if (signedEnvelope) refuseDuplicateKeys(text, source);
    if (!signedEnvelope && !options.allowUnsigned) {
      throw new AppError('integrity', `${source} is not a signed catalog, so it was not imported: an unsigned catalog could mark cut-off servers as fine.`, {
        fix: 'Import the signed catalog published for the wizard. Only if you checked the file yourself: exwiz catalog import FILE --allow-unsigned.',
      });
    }
    const verified = signedEnvelope ? this.verifiedCatalog(json, source) : null;
    const catalog = verified ? verified.catalog : parseCatalog(json);
    this.refuseFutureDate(catalog, source);
    const current = await this.active();
    const counts = countsOf(catalog);
    const previousAsOf = current.catalog.asOf;
    const newest = await this.newestImported();
    if (catalog.asOf < previousAsOf || (newest !== null && catalog.asOf < newest)) {
      const than = catalog.asOf < previousAsOf ? `the active catalog (as of ${previousAsOf})` : `the catalog as of ${newest} imported here before`;
      throw new AppError('invalid-input', `The catalog in ${source} is as of ${catalog.asOf}, older than ${than}; it was not imported.`, {
        fix: 'Import a catalog published after the one in use.',
      });
    }
    if (catalog.asOf === previousAsOf) {
      return {
        imported: false,
        asOf: catalog.asOf,
        previousAsOf,
        file: current.file ?? this.file,
        message: `The active catalog is already as of ${catalog.asOf}; nothing was imported.`,
        counts,
        signed: signedEnvelope,
      };
    }
    // A signed file is kept as it came, so its signature is checked again at every start.
    const record = { kind: UNSIGNED_KIND, acceptedAt: new Date().toISOString(), audit: { allowUnsigned: true, importedFrom: source, sha256: sha256Of(catalog) }, catalog };
    await writeJsonAtomic(this.file, signedEnvelope ? json : record);
    await writeJsonAtomic(this.historyFile, { newestAsOf: catalog.asOf });
    const warning = signedEnvelope ? null : `The catalog as of ${catalog.asOf} was imported WITHOUT a signature (--allow-unsigned).`;
    this.cached = { catalog, source: 'imported', file: this.file, warning, trust: signedEnvelope ? 'signed' : 'unsigned', signedBy: verified?.keyId ?? null };
    const message = `Imported the ${signedEnvelope ? 'signed' : 'UNSIGNED'} catalog as of ${catalog.asOf} (was ${previousAsOf}).`;
    return { imported: true, asOf: catalog.asOf, previousAsOf, file: this.file, message, counts, signed: signedEnvelope };
  }

  private verifiedCatalog(json: unknown, where: string): { catalog: Catalog; keyId: string } {
    const envelope = SignedCatalogEnvelope.safeParse(json);
    if (!envelope.success) throw new AppError('integrity', `${where} looks like a signed catalog but its signature block is malformed; it was not used.`);
    const text = verifiedCatalogText(envelope.data, this.trustedKeys, where);
    const parsed = parseJson(text, where);
    refuseDuplicateKeys(text, where);
    return { catalog: parseCatalog(parsed), keyId: envelope.data.keyId };
  }

  /** The saved file: a signed envelope (checked again), or an unsigned catalog the admin accepted with --allow-unsigned. */
  private readSaved(text: string): { catalog: Catalog; signedBy: string | null } {
    const json = parseJson(text, this.file);
    if (isKind(json, SIGNED_CATALOG_KIND)) {
      refuseDuplicateKeys(text, this.file);
      const { catalog, keyId } = this.verifiedCatalog(json, this.file);
      return { catalog, signedBy: keyId };
    }
    const unsigned = UnsignedCatalogRecord.safeParse(json);
    if (!unsigned.success) {
      throw new AppError(
        'integrity',
        'it is neither signed nor an unsigned catalog imported with --allow-unsigned (a record without that audit was not imported by the wizard; import the file again)',
      );
    }
    const catalog = parseCatalog(unsigned.data.catalog);
    if (sha256Of(catalog) !== unsigned.data.audit.sha256) throw new AppError('integrity', 'the unsigned catalog was changed after it was imported with --allow-unsigned (import it again)');
    return { catalog, signedBy: null };
  }

  /**
   * Catalog dates only move forward in a data folder: a saved catalog older than the newest one
   * imported here was copied over it (an older catalog may show a cut-off server as fine).
   */
  private async refuseOlderThanImported(catalog: Catalog): Promise<void> {
    const newest = await this.newestImported();
    if (newest !== null && catalog.asOf < newest) {
      throw new AppError(
        'integrity',
        `it is as of ${catalog.asOf}, older than the catalog as of ${newest} imported here before, so an older catalog was copied over a newer one (import the newest catalog again)`,
      );
    }
  }

  /** The newest catalog date imported into this data folder, or null before the first import. */
  private async newestImported(): Promise<string | null> {
    const history = await readFile(this.historyFile, 'utf8')
      .then(text => CatalogHistory.safeParse(JSON.parse(text)))
      .catch(() => null);
    return history?.success ? history.data.newestAsOf : null;
  }

  /** A date after tomorrow (any time zone) is a mistake or an attack: it would block every later catalog. */
  private refuseFutureDate(catalog: Catalog, where: string): void {
    const tomorrow = new Date(Date.parse(`${this.today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (catalog.asOf > tomorrow) {
      throw new AppError('invalid-input', `The catalog in ${where} is dated ${catalog.asOf}, after tomorrow (${tomorrow}); it was not used.`, {
        fix: "Check the computer's date, and use a catalog as published.",
      });
    }
  }
}

/** The active catalog's trust as app info and the report carry it. */
export function catalogTrustOf(active: ActiveCatalog): CatalogTrust {
  return { asOf: active.catalog.asOf, trust: active.trust, signedBy: active.signedBy, warning: active.warning };
}

export function countsOf(catalog: Catalog): CatalogCounts {
  return { builds: catalog.builds.length, cus: catalog.cus.length, packages: catalog.packages.length, certificateRules: catalog.certificateRules.length };
}

function isKind(json: unknown, kind: string): boolean {
  return typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === kind;
}

/** Reads a regular file of at most MAX_CATALOG_BYTES. */
async function readLimited(source: string): Promise<string> {
  const handle = await open(source, READ_WITHOUT_WAITING).catch((err: NodeJS.ErrnoException) => {
    throw new AppError(err.code === 'ENOENT' ? 'not-found' : 'io', `Cannot read the catalog file ${source}: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}.`, {
      fix: 'Check the path and that you may read the file.',
    });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new AppError('invalid-input', `${source} is not a regular file.`);
    if (info.size > MAX_CATALOG_BYTES) throw new AppError('invalid-input', `${source} is larger than a catalog can be.`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('invalid-input', `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`, {
      fix: 'Use an unmodified catalog.json published for the Exchange Remediation Wizard.',
    });
  }
}

/** Refuses a signed file in which one object has a key twice (JSON readers disagree on which one counts). */
function refuseDuplicateKeys(text: string, where: string): void {
  const key = duplicateJsonKey(text.replace(/^\uFEFF/, ''));
  if (key !== null) {
    throw new AppError('integrity', `${where} has the key ${JSON.stringify(key.slice(0, 40))} twice in one object, so what it says depends on the reader; it was not used.`, {
      fix: 'Get the catalog again from where it is published; a catalog the wizard publishes never repeats a key.',
    });
  }
}

/** SHA-256 of a catalog's JSON, recorded when an unsigned one is accepted and checked at every start. */
function sha256Of(catalog: Catalog): string {
  return createHash('sha256').update(JSON.stringify(catalog)).digest('hex');
}
