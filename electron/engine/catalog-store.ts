import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from './atomic-file';
import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import { builtInCatalog, parseCatalog, type Catalog } from '../../src-shared/knowledge/catalog';

/** Which catalog is in use and where it came from. */
export interface ActiveCatalog {
  catalog: Catalog;
  source: 'built-in' | 'imported';
  /** The imported file in the data folder, when that is the active one. */
  file: string | null;
  /** Why a saved imported catalog was not used (unreadable, malformed, older than the built-in). */
  warning: string | null;
}

export interface ImportResult {
  imported: boolean;
  asOf: string;
  previousAsOf: string;
  file: string;
  message: string;
  counts: CatalogCounts;
}

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

  constructor(
    readonly directory: string,
    private readonly builtIn: () => Catalog = builtInCatalog,
  ) {
    this.file = path.join(directory, 'catalog.json');
  }

  async active(): Promise<ActiveCatalog> {
    if (this.cached) return this.cached;
    const builtIn = this.builtIn();
    let result: ActiveCatalog = { catalog: builtIn, source: 'built-in', file: null, warning: null };
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      result = { ...result, warning: `The imported catalog ${this.file} could not be read (${err.code ?? err.message}); using the built-in catalog.` };
      return null;
    });
    if (text !== null) {
      try {
        const imported = parseCatalog(parseJson(text, this.file));
        if (imported.asOf > builtIn.asOf) result = { catalog: imported, source: 'imported', file: this.file, warning: null };
        else result = { ...result, warning: `The imported catalog (as of ${imported.asOf}) is not newer than the built-in one (as of ${builtIn.asOf}); using the built-in catalog.` };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        result = { ...result, warning: `The imported catalog ${this.file} is not usable (${message}); using the built-in catalog.` };
      }
    }
    this.cached = result;
    return result;
  }

  /**
   * Imports a catalog file: it must be valid and newer than the active catalog. The same asOf is
   * reported as "already active" (imported: false); an older one is refused.
   */
  async importFile(source: string): Promise<ImportResult> {
    const text = await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new AppError(err.code === 'ENOENT' ? 'not-found' : 'io', `Cannot read the catalog file ${source}: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}.`, {
        fix: 'Check the path and that you may read the file.',
      });
    });
    const catalog = parseCatalog(parseJson(text, source));
    const current = await this.active();
    const counts = countsOf(catalog);
    const previousAsOf = current.catalog.asOf;
    if (catalog.asOf < previousAsOf) {
      throw new AppError('invalid-input', `The catalog in ${source} is as of ${catalog.asOf}, older than the active catalog (as of ${previousAsOf}); it was not imported.`, {
        fix: 'Import a catalog published after the one in use.',
      });
    }
    if (catalog.asOf === previousAsOf) {
      return { imported: false, asOf: catalog.asOf, previousAsOf, file: current.file ?? this.file, message: `The active catalog is already as of ${catalog.asOf}; nothing was imported.`, counts };
    }
    await writeJsonAtomic(this.file, catalog);
    this.cached = { catalog, source: 'imported', file: this.file, warning: null };
    return { imported: true, asOf: catalog.asOf, previousAsOf, file: this.file, message: `Imported the catalog as of ${catalog.asOf} (was ${previousAsOf}).`, counts };
  }
}

export function countsOf(catalog: Catalog): CatalogCounts {
  return { builds: catalog.builds.length, cus: catalog.cus.length, packages: catalog.packages.length, certificateRules: catalog.certificateRules.length };
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
