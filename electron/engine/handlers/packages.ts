import { findUpdatePackage, type UpdatePackage } from '../../../src-shared/knowledge';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';

/** listUpdatePackages: the files a plan needs, from the active catalog (built-in or imported). */
export function createPackageHandlers(ctx: EngineContext): Pick<EngineHandlers, 'listUpdatePackages'> {
  return {
    async listUpdatePackages({ ids }) {
      const { catalog } = await ctx.catalogs.active();
      const packages: UpdatePackage[] = [];
      const missing: string[] = [];
      for (const id of new Set(ids)) {
        const pkg = findUpdatePackage(id, catalog);
        if (pkg) packages.push(pkg);
        else missing.push(id);
      }
      return { packages, missing };
    },
  };
}
