import { newestPublicBuildsFromCatalog } from '../../../src-shared/report/build-age';
import type { ReportOptions } from '../../../src-shared/report/build';
import type { Catalog } from '../../../src-shared/knowledge/catalog';

/** What a report takes from a build catalog: the newest public build per product line and the certificate rules. */
export function reportCatalogOptions(catalog: Pick<Catalog, 'builds' | 'certificateRules'>): Pick<ReportOptions, 'newestPublicBuilds' | 'certificateRules'> {
  return { newestPublicBuilds: newestPublicBuildsFromCatalog(catalog.builds), certificateRules: catalog.certificateRules };
}
