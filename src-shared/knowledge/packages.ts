import type { PlanStep, UpdatePackage } from './types';
import type { Catalog } from './catalog-schema';
import { builtInCatalog } from './catalog';
import { indexCatalog } from './catalog-index';

/**
 * The update package with this id (ids look like "exchange-se-rtm-nov26su-exe" or
 * "exchange-2019-cu15-iso": product, CU and update, never the file name, which repeats across
 * CUs). Null when the catalog has no such package.
 */
export function findUpdatePackage(id: string, catalog?: Catalog): UpdatePackage | null {
  return indexCatalog(catalog ?? builtInCatalog()).packages.get(id) ?? null;
}

/** The packages a set of plan steps needs, in step order, without repeats. */
export function packagesForSteps(steps: readonly PlanStep[], catalog?: Catalog): UpdatePackage[] {
  const packages = indexCatalog(catalog ?? builtInCatalog()).packages;
  const result: UpdatePackage[] = [];
  for (const step of steps) {
    const pkg = step.updateId === null ? undefined : packages.get(step.updateId);
    if (pkg && !result.includes(pkg)) result.push(pkg);
  }
  return result;
}
