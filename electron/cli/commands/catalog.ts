import type { Command } from 'commander';
import { catalogTrustLabel } from '../../../src-shared/knowledge/catalog-trust';
import { CatalogStore, countsOf, type ActiveCatalog, type ImportResult } from '../../engine/catalog-store';
import { defaultDataDirectory } from '../../engine/paths';
import { SessionStore } from '../../engine/session-store';
import { runAction, type CliContext } from '../run';

/** The active catalog of this machine's data folder; its warning (if any) goes to stderr. */
export async function loadActiveCatalog(): Promise<ActiveCatalog> {
  const active = await new CatalogStore(defaultDataDirectory()).active();
  if (active.warning) process.stderr.write(`warning: ${active.warning}\n`);
  return active;
}

/**
 * Imports a catalog; an unsigned one (only with --allow-unsigned) is warned about on stderr and
 * recorded in the session's audit trail, so the report shows which facts were not vouched for.
 */
async function importCatalog(file: string, allowUnsigned: boolean): Promise<ImportResult> {
  const directory = defaultDataDirectory();
  const result = await new CatalogStore(directory).importFile(file, { allowUnsigned });
  if (result.signed || !result.imported) return result;
  process.stderr.write(
    `\nWARNING: ${file} is NOT SIGNED. It was imported only because you gave --allow-unsigned.\nEvery verdict now rests on this file: a wrong catalog can show cut-off servers as fine.\n\n`,
  );
  const sessions = new SessionStore(directory);
  try {
    await sessions.appendAudit('catalog', `UNSIGNED catalog as of ${result.asOf} imported from ${file} with --allow-unsigned.`, 'info');
  } catch (err) {
    process.stderr.write(`warning: the import could not be recorded in the audit trail: ${err instanceof Error ? err.message : String(err)}\n`);
  } finally {
    sessions.close();
  }
  return result;
}

/**
 * `exwiz catalog show` (asOf, source, counts) and `exwiz catalog import FILE`, the offline
 * catalog update: the file is validated and must be newer than the active catalog.
 */
export function registerCatalog(program: Command, cli: CliContext): void {
  const catalog = program.command('catalog').description('the Exchange build catalog: show it, or import a newer one (offline update)');
  catalog
    .command('show')
    .description('show the active catalog: date, source and counts')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      runAction(
        cli,
        { json: options.json === true },
        async () => {
          const active = await loadActiveCatalog();
          return {
            asOf: active.catalog.asOf,
            source: active.source,
            trust: active.trust,
            signedBy: active.signedBy,
            file: active.file,
            schemaVersion: active.catalog.schemaVersion,
            counts: countsOf(active.catalog),
            warning: active.warning,
          };
        },
        v =>
          [
            `Catalog as of ${v.asOf} (${v.source === 'built-in' ? 'built into this version' : `imported, ${catalogTrustLabel(v)}: ${v.file}`})`,
            `${v.counts.builds} builds, ${v.counts.cus} CUs, ${v.counts.packages} update packages, ${v.counts.certificateRules} certificate rules`,
          ].join('\n'),
      ),
    );
  catalog
    .command('import')
    .description('import a newer catalog file (validated; an older or malformed file is refused)')
    .argument('<file>', 'a signed catalog published for the wizard')
    .option('--allow-unsigned', 'accept a catalog without a signature (you vouch for the file; recorded in the audit trail)')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean; allowUnsigned?: boolean }) =>
      runAction(
        cli,
        { json: options.json === true },
        () => importCatalog(file, options.allowUnsigned === true),
        r => `${r.message}\n${r.counts.builds} builds, ${r.counts.cus} CUs, ${r.counts.packages} update packages, ${r.counts.certificateRules} certificate rules.`,
      ),
    );
}
