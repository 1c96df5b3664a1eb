import { AppError } from '../../../src-shared/domain/errors';
import { findUpdatePackage } from '../../../src-shared/knowledge/index';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { CatalogStore } from '../catalog-store';

/** Finds a catalog update package by id (product + CU + update, never the file name). */
export type PackageLookup = (id: string) => UpdatePackage | null | undefined;

/** The packages of the active catalog (a newer imported catalog may carry links and hashes the built-in one lacks). */
export async function activeCatalogLookup(store: CatalogStore): Promise<PackageLookup> {
  const { catalog } = await store.active();
  return id => findUpdatePackage(id, catalog);
}

/** The package with this id, or a `not-found` error naming it. */
export function requirePackage(lookup: PackageLookup, id: string): UpdatePackage {
  const pkg = lookup(id);
  if (!pkg) {
    throw new AppError('not-found', `The update catalog has no package "${id}".`, {
      fix: 'Use the update id shown in the plan (for example exchange-2019-cu15-oct25su-exe).',
    });
  }
  return pkg;
}

/**
 * The direct download link of a package, or an error saying where the file
 * comes from instead (ESU channel, Download Center page) and that it can be
 * imported once downloaded.
 */
export function downloadUrlOf(pkg: UpdatePackage): string {
  if (pkg.url) return pkg.url;
  const page = pkg.downloadPage ? ` from ${pkg.downloadPage}` : '';
  if (pkg.esuOnly) {
    const label = [pkg.product, pkg.cu, pkg.update].filter(Boolean).join(' ');
    throw new AppError('unsupported', `${pkg.fileName} (${label}) is only available to Extended Security Update customers, so it cannot be downloaded from Microsoft's public servers.`, {
      fix: `Get the file through your ESU channel, then import it (exwiz import FILE --update ${pkg.id}).`,
    });
  }
  throw new AppError('unsupported', `The catalog has no direct download link for ${pkg.fileName}.`, {
    fix: `Copy the file's link${page} and download it with that address (exwiz download ${pkg.id} --url URL), or download it in a browser and import it (exwiz import FILE --update ${pkg.id}).`,
  });
}
