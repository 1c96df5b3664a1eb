import { newestPublicBuildsFromCatalog } from '../../../src-shared/report/build-age';
import type { NewestPublicBuild } from '../../../src-shared/report/schema';
import { CatalogStore } from '../catalog-store';

/**
 * The newest public build per product line, from the active build catalog
 * (an imported newer one, else the one the app ships): the build-age picture
 * measures every server against it.
 */
export async function activeCatalogNewestBuilds(catalogs: CatalogStore): Promise<NewestPublicBuild[]> {
  const { catalog } = await catalogs.active();
  return newestPublicBuildsFromCatalog(catalog.builds);
}
