import { compareBuilds } from '../knowledge/build-number';
import type { Product } from '../knowledge/types';
import type { ServerScanResult } from '../assessment/scan-report';
import type { BuildAge, NewestPublicBuild } from './schema';

/*
 * How old each server's build is, against the newest public build of its
 * product line: the data behind the build-age picture.
 */

const DAY_MS = 86_400_000;

/**
 * Parses a catalog date ("2023-03-14", "2019-11", "2019-11 (day n/a)") to a
 * UTC time; a month without a day counts as its first day. Null when unusable.
 */
export function parseReleaseDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(text.trim());
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, match[3] ? Number(match[3]) : 1);
  return Number.isNaN(time) ? null : time;
}

/** Whole days from `from` to `to`, null when either is unknown. */
export function daysBetween(from: number | null, to: number | null): number | null {
  if (from === null || to === null) return null;
  return Math.round((to - from) / DAY_MS);
}

/**
 * The newest public build per product line.
 *
 * Given catalog entries win; for a product line they do not cover, the
 * newest `latestPublicBuild` any classification names is used, dated from a
 * server that runs exactly that build (else the date stays unknown, never guessed).
 */
export function newestPublicBuilds(servers: readonly ServerScanResult[], fromCatalog: readonly NewestPublicBuild[] = []): NewestPublicBuild[] {
  const byProduct = new Map<Product, NewestPublicBuild>();
  for (const entry of fromCatalog) byProduct.set(entry.product, entry);
  const derived = new Map<Product, string>();
  for (const server of servers) {
    const c = server.classification;
    if (!c || byProduct.has(c.product)) continue;
    const candidates = [c.latestPublicBuild, c.onLatestPublicUpdate ? c.build : null].filter((b): b is string => b !== null);
    for (const build of candidates) {
      const current = derived.get(c.product);
      if (current === undefined || compareBuilds(build, current) > 0) derived.set(c.product, build);
    }
  }
  for (const [product, build] of derived) {
    const same = servers.find(s => s.classification?.build === build)?.classification ?? null;
    byProduct.set(product, { product, build, name: same ? (same.update ?? same.cu) : null, releaseDate: same?.releaseDate ?? null });
  }
  return [...byProduct.values()].sort((a, b) => a.product.localeCompare(b.product));
}

/** The fields of a catalog build record the newest-build lookup needs (src-shared/knowledge BuildRecord). */
export interface CatalogBuildLike {
  build: string;
  product: Product;
  update: string | null;
  cu: string;
  releaseDate: string;
  esuOnly: boolean;
  /** Set on rows that are only a file version of another build. */
  fileVersionOf?: string | null;
}

/** The newest publicly downloadable build of each product line in a build catalog. */
export function newestPublicBuildsFromCatalog(builds: readonly CatalogBuildLike[]): NewestPublicBuild[] {
  const newest = new Map<Product, CatalogBuildLike>();
  for (const b of builds) {
    if (b.esuOnly || b.fileVersionOf) continue;
    const current = newest.get(b.product);
    if (!current || compareBuilds(b.build, current.build) > 0) newest.set(b.product, b);
  }
  return [...newest.values()].map(b => ({ product: b.product, build: b.build, name: b.update ?? b.cu, releaseDate: b.releaseDate })).sort((a, b) => a.product.localeCompare(b.product));
}

/** The build age of one server, null when its build was not classified. */
export function buildAgeOf(server: ServerScanResult, newest: readonly NewestPublicBuild[], reportTime: number): BuildAge | null {
  const c = server.classification;
  if (!c) return null;
  const line = newest.find(n => n.product === c.product) ?? null;
  const released = parseReleaseDate(c.releaseDate);
  const outOfSupport = c.supportState === 'end-of-support';
  // The plan's target is where the server should be; a line out of support has no "newest" worth reaching.
  const targetBuild = server.plan?.target?.build ?? (outOfSupport ? null : (line?.build ?? null));
  const targetReleaseDate = targetBuild === null ? null : (newest.find(n => n.build === targetBuild)?.releaseDate ?? (targetBuild === c.build ? c.releaseDate : null));
  return {
    product: c.product,
    build: c.build,
    releaseDate: c.releaseDate,
    newestPublicBuild: line?.build ?? null,
    newestPublicReleaseDate: line?.releaseDate ?? null,
    // A server on the newest build, or on a newer ESU-only build, is not behind.
    daysBehindNewest: line && compareBuilds(c.build, line.build) >= 0 ? 0 : daysBetween(released, parseReleaseDate(line?.releaseDate)),
    ageDays: daysBetween(released, reportTime),
    outOfSupport,
    targetBuild,
    targetReleaseDate,
    daysBehindTarget: targetBuild === null ? null : compareBuilds(c.build, targetBuild) >= 0 ? 0 : daysBetween(released, parseReleaseDate(targetReleaseDate)),
  };
}
