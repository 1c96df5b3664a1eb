import type { Command } from 'commander';
import { CatalogStore, countsOf, type ActiveCatalog } from '../../engine/catalog-store';
import { defaultDataDirectory } from '../../engine/paths';
import { runAction, type CliContext } from '../run';

/** The active catalog of this machine's data folder; its warning (if any) goes to stderr. */
export async function loadActiveCatalog(): Promise<ActiveCatalog> {
  const active = await new CatalogStore(defaultDataDirectory()).active();
  if (active.warning) process.stderr.write(`warning: ${active.warning}\n`);
  return active;
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
          return { asOf: active.catalog.asOf, source: active.source, file: active.file, schemaVersion: active.catalog.schemaVersion, counts: countsOf(active.catalog), warning: active.warning };
        },
        v =>
          [
            `Catalog as of ${v.asOf} (${v.source === 'built-in' ? 'built into this version' : `imported: ${v.file}`})`,
            `${v.counts.builds} builds, ${v.counts.cus} CUs, ${v.counts.packages} update packages, ${v.counts.certificateRules} certificate rules`,
          ].join('\n'),
      ),
    );
  catalog
    .command('import')
    .description('import a newer catalog file (validated; an older or malformed file is refused)')
    .argument('<file>', 'a catalog.json published for the wizard')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) =>
      runAction(
        cli,
        { json: options.json === true },
        () => new CatalogStore(defaultDataDirectory()).importFile(file),
        r => `${r.message}\n${r.counts.builds} builds, ${r.counts.cus} CUs, ${r.counts.packages} update packages, ${r.counts.certificateRules} certificate rules.`,
      ),
    );
}
