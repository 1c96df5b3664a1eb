import { newestPublicBuildsFromCatalog } from '../../../src-shared/report/build-age';
import type { ReportOptions } from '../../../src-shared/report/build';
import type { Catalog } from '../../../src-shared/knowledge/catalog';
import { catalogTrustLabel } from '../../../src-shared/knowledge/catalog-trust';
import { CatalogStore } from '../catalog-store';

/** What a report takes from a build catalog: the newest public build per product line and the certificate rules. */
export function reportCatalogOptions(catalog: Pick<Catalog, 'builds' | 'certificateRules'>): Pick<ReportOptions, 'newestPublicBuilds' | 'certificateRules'> {
  return { newestPublicBuilds: newestPublicBuildsFromCatalog(catalog.builds), certificateRules: catalog.certificateRules };
}

/**
 * The report's catalog part from the active build catalog (an imported newer
 * one, else the one the app ships): the build-age picture measures every
 * server against it, and cut-offs no server carries are still named.
 */
export async function activeReportCatalogOptions(catalogs: CatalogStore): Promise<Pick<ReportOptions, 'newestPublicBuilds' | 'certificateRules' | 'catalogTrust'>> {
  const active = await catalogs.active();
  return { ...reportCatalogOptions(active.catalog), catalogTrust: catalogTrustLabel(active) };
}
