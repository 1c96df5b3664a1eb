import type { Product, UpdatePackage } from './types';
import type { BuildRecord, Catalog, CuRecord, ProductRecord, TargetPrerequisites } from './catalog-schema';
import { buildLine, buildVersion, compareBuilds } from './build-number';

/**
 * Lookup tables over one catalog, built once per catalog object (the classifier runs for every
 * server of every scan, and the benchmark classifies the whole catalog).
 */
export interface CatalogIndex {
  readonly catalog: Catalog;
  readonly byBuild: ReadonlyMap<string, BuildRecord>;
  /** Builds per product version ("15.2"), oldest first. */
  readonly byVersion: ReadonlyMap<string, readonly BuildRecord[]>;
  /** Builds per CU line ("15.2.986"), oldest first. */
  readonly byLine: ReadonlyMap<string, readonly BuildRecord[]>;
  /** Builds per (product, CU), oldest first, without Learn's file-version rows. */
  readonly byCu: ReadonlyMap<string, readonly BuildRecord[]>;
  readonly cus: ReadonlyMap<string, CuRecord>;
  /** CUs per product, oldest first. */
  readonly cusByProduct: ReadonlyMap<Product, readonly CuRecord[]>;
  readonly products: ReadonlyMap<Product, ProductRecord>;
  readonly packages: ReadonlyMap<string, UpdatePackage>;
  readonly targets: ReadonlyMap<string, TargetPrerequisites>;
}

/** Map key of a (product, CU) pair. */
export function cuKey(product: string, cu: string): string {
  return `${product}|${cu}`;
}

const cache = new WeakMap<Catalog, CatalogIndex>();

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const cached = cache.get(catalog);
  if (cached) return cached;
  const sorted = [...catalog.builds].sort((a, b) => compareBuilds(a.build, b.build));
  const group = <K>(items: BuildRecord[], keyOf: (b: BuildRecord) => K) => {
    const map = new Map<K, BuildRecord[]>();
    for (const b of items) {
      const key = keyOf(b);
      const list = map.get(key);
      if (list) list.push(b);
      else map.set(key, [b]);
    }
    return map;
  };
  const cusByProduct = new Map<Product, CuRecord[]>();
  for (const cu of catalog.cus) {
    const list = cusByProduct.get(cu.product);
    if (list) list.push(cu);
    else cusByProduct.set(cu.product, [cu]);
  }
  const index: CatalogIndex = {
    catalog,
    byBuild: new Map(sorted.map(b => [b.build, b])),
    byVersion: group(sorted, b => buildVersion(b.build)),
    byLine: group(sorted, b => buildLine(b.build)),
    byCu: group(
      sorted.filter(b => b.fileVersionOf === null),
      b => cuKey(b.product, b.cu),
    ),
    cus: new Map(catalog.cus.map(c => [cuKey(c.product, c.cu), c])),
    cusByProduct,
    products: new Map(catalog.products.map(p => [p.product, p])),
    packages: new Map(catalog.packages.map(p => [p.id, p])),
    targets: new Map(catalog.targets.map(t => [cuKey(t.product, t.cu), t])),
  };
  cache.set(catalog, index);
  return index;
}

/** Builds of a (product, CU), oldest first (empty when unknown). */
export function cuBuilds(index: CatalogIndex, product: string, cu: string): readonly BuildRecord[] {
  return index.byCu.get(cuKey(product, cu)) ?? [];
}

/** The newest publicly downloadable build of a CU (SU or HU included), or null. */
export function latestPublicBuild(index: CatalogIndex, product: string, cu: string): BuildRecord | null {
  return findLast(cuBuilds(index, product, cu), b => !b.esuOnly);
}

/** The newest ESU-only build of a CU, or null when it never had one. */
export function latestEsuBuild(index: CatalogIndex, product: string, cu: string): BuildRecord | null {
  return findLast(cuBuilds(index, product, cu), b => b.esuOnly);
}

/** The newest CU of a product. */
export function latestCu(index: CatalogIndex, product: Product): CuRecord | null {
  const list = index.cusByProduct.get(product);
  return list?.[list.length - 1] ?? null;
}

/** A CU's own build record (the CU or RTM release itself). */
export function cuOwnBuild(index: CatalogIndex, product: string, cu: string): BuildRecord | null {
  return cuBuilds(index, product, cu).find(b => b.update === null) ?? null;
}

/** The package of a build of a given kind (the ISO of a CU, the .exe of an SU/HU), or null. */
export function packageFor(index: CatalogIndex, build: BuildRecord, kind: UpdatePackage['kind']): UpdatePackage | null {
  for (const p of index.packages.values()) {
    if (p.kind === kind && p.product === build.product && p.cu === build.cu && p.update === build.update) return p;
  }
  return null;
}

/** "Exchange 2019 CU15 Oct25SU (15.2.1748.39)". */
export function describeBuild(b: Pick<BuildRecord, 'product' | 'cu' | 'update' | 'build'>): string {
  return `${b.product} ${b.cu}${b.update ? ` ${b.update}` : ''} (${b.build})`;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return item;
  }
  return null;
}
