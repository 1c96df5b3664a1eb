import { AppError } from '../domain/errors';
import { CATALOG_SCHEMA_VERSION, CatalogFile, type Catalog } from './catalog-schema';
import builtInCatalogJson from './data/catalog.json';

export type { Catalog } from './catalog-schema';

let builtIn: Catalog | null = null;

/**
 * The catalog shipped with the app (`data/catalog.json`), parsed once. The engine may hold a newer
 * imported one (electron/engine/catalog-store.ts); pure code takes the catalog as a parameter and
 * falls back to this one.
 */
export function builtInCatalog(): Catalog {
  builtIn ??= parseCatalog(builtInCatalogJson);
  return builtIn;
}

/** The catalog's asOf date (YYYY-MM-DD): the day its facts were last checked. */
export function catalogAsOf(catalog?: Catalog): string {
  return (catalog ?? builtInCatalog()).asOf;
}

/**
 * Validates catalog data (the schema plus cross-checks: rules and packages refer to builds that
 * exist, CUs in order…). Throws `AppError('invalid-input')` naming the first problems.
 */
export function parseCatalog(json: unknown): Catalog {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('invalid-input', 'This is not an Exchange build catalog: the file does not hold a JSON object.', {
      fix: 'Use a catalog.json published for the Exchange Remediation Wizard.',
    });
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > CATALOG_SCHEMA_VERSION) {
    throw new AppError('invalid-input', `This catalog uses format version ${version}; this version of the wizard reads format ${CATALOG_SCHEMA_VERSION}.`, {
      fix: 'Update the wizard first, then import the catalog again.',
    });
  }
  const result = CatalogFile.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map(i => `${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${friendly(i.message)}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw new AppError('invalid-input', `The catalog is malformed: ${issues.join('; ')}${more}.`, {
      fix: 'Use an unmodified catalog.json published for the Exchange Remediation Wizard.',
      detail: result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('\n'),
    });
  }
  return result.data;
}

function friendly(message: string): string {
  return /^Invalid input: expected \w+, received undefined$/.test(message) ? 'missing' : message;
}
