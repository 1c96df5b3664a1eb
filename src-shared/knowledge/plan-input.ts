import { isEdgeTransport, reportedBuild } from '../domain/exchange-server';
import type { ServerFacts } from '../domain/facts';
import type { PlanInput } from './types';
import { extendedProtectionState } from './extended-protection';

/**
 * The planner's input from a probe's facts. The build is ExSetup.exe's FileVersion (it shows the
 * SU); AdminDisplayVersion is the fallback, which shows the CU only (the classifier marks that).
 * Unknown values stay null: the plan then says "not known" instead of guessing.
 */
export function planInputFromFacts(facts: ServerFacts): PlanInput {
  const installDrive = facts.disks.find(d => d.isExchangeInstall) ?? null;
  const isEdge = isEdgeTransport({ facts, roles: [] });
  return {
    serverName: facts.identity.name,
    build: reportedBuild({ facts, roles: [] })?.text ?? null,
    isEdge,
    roles: [...facts.identity.roles],
    osProductName: facts.os.productName,
    osBuildNumber: facts.os.buildNumber,
    dotNetRelease: facts.prerequisites.dotNetRelease,
    vcRedist2012: facts.prerequisites.vcRedist2012,
    vcRedist2013: facts.prerequisites.vcRedist2013,
    ucmaInstalled: facts.prerequisites.ucmaInstalled,
    urlRewriteInstalled: facts.prerequisites.urlRewriteInstalled,
    dagName: facts.maintenance?.dagName ?? null,
    installDriveFreeBytes: installDrive ? installDrive.freeBytes : null,
    site: facts.identity.site,
    // Edge Transport servers have no IIS virtual directories: Setup's Extended Protection does not apply.
    extendedProtection: isEdge === true ? null : extendedProtectionState(facts),
  };
}

/**
 * The planner's input for a server nothing was read from (not reachable, or not built yet): only
 * what is known from elsewhere; every prerequisite stays null, so the plan says "not known".
 */
export function planInputWithoutFacts(known: Pick<PlanInput, 'serverName' | 'build' | 'isEdge' | 'roles'>): PlanInput {
  return {
    ...known,
    osProductName: null,
    osBuildNumber: null,
    dotNetRelease: null,
    vcRedist2012: null,
    vcRedist2013: null,
    ucmaInstalled: null,
    urlRewriteInstalled: null,
    dagName: null,
    installDriveFreeBytes: null,
  };
}
