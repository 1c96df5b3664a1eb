import { z } from 'zod';
import { CatalogFile } from './catalog-schema';

export { CatalogFile };

/**
 * JSON Schema (draft 2020-12) of the catalog file, published as `data/catalog.schema.json` for
 * people who edit or produce catalogs with other tools. The cross-checks of {@link CatalogFile}
 * (builds referenced by rules and packages exist, CUs in order…) cannot be expressed in JSON
 * Schema: only the zod schema applies them.
 */
export function catalogJsonSchema(): unknown {
  return z.toJSONSchema(CatalogFile, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
}
