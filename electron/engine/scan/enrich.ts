import type { OrganisationSummary, ServerScanResult } from '../../../src-shared/domain/scan';
import { analyseServer, summariseOrganisation } from '../../../src-shared/analysis';
import { classifyBuild, planInputFromFacts, planOrganisation, type Catalog } from '../../../src-shared/knowledge';
import type { BuildClassification, OrganisationPlan, PlanInput } from '../../../src-shared/knowledge/types';
import { isEdgeServer } from '../../../src-shared/wizard/server-labels';

/**
 * The one step between probing and reporting where the knowledge layer
 * (classifier and planner, src-shared/knowledge/) and the analyzer (findings,
 * EEMS verdict, src-shared/analysis/) fill in the scan results.
 *
 * Planning is done for the organisation as a whole (AD preparation once,
 * servers in a safe order), so the analysis of each server runs after it,
 * against that server's part of the organisation plan.
 */
export interface EnrichContext {
  organisationHasEsu: boolean;
  /** YYYY-MM-DD, the day the scan ran. */
  today: string;
  /** The active catalog (built-in or imported). */
  catalog: Catalog;
}

export interface EnrichedScan {
  servers: ServerScanResult[];
  summary: OrganisationSummary;
  plan: OrganisationPlan | null;
}

/** Classifies, plans and analyses every result, and summarises the organisation. */
export function enrichResults(results: ServerScanResult[], context: EnrichContext): EnrichedScan {
  const classified = results.map(result => ({ result, classification: classify(result, context) }));
  const inputs = classified.map(({ result, classification }) => planInput(result, classification));
  const known = inputs.filter((input): input is PlanInput => input !== null);
  const classifications = classified.filter((_, i) => inputs[i] !== null).map(c => c.classification);
  const plan = known.length > 0 ? planOrganisation(known, { hasEsu: context.organisationHasEsu, catalog: context.catalog, today: context.today, classifications }) : null;
  const servers = classified.map(({ result, classification }) => {
    const serverPlan = plan?.servers.find(p => p.serverName === result.name) ?? null;
    const analysis = analyseServer({
      facts: result.facts,
      classification,
      plan: serverPlan,
      error: result.error,
      today: context.today,
      organisationHasEsu: context.organisationHasEsu,
    });
    return {
      ...result,
      product: classification?.product ?? null,
      cu: classification?.cu ?? null,
      update: classification?.update ?? null,
      classification,
      plan: serverPlan,
      findings: analysis.findings,
      eems: analysis.eems,
      severity: analysis.severity,
    };
  });
  return { servers, summary: summariseOrganisation(servers), plan };
}

/**
 * The build to classify: ExSetup.exe's version (exact, with the SU); else
 * AdminDisplayVersion or the version discovery saw (CU level only).
 */
function versionText(result: ServerScanResult): string | null {
  return result.facts?.exchange.exSetupVersion ?? result.facts?.identity.adminDisplayVersion ?? result.versionHint ?? null;
}

function classify(result: ServerScanResult, context: EnrichContext): BuildClassification | null {
  const input = versionText(result);
  if (!input) return null;
  try {
    return classifyBuild(input, { catalog: context.catalog, today: context.today });
  } catch {
    // An unreadable version text is reported by the analyzer as an unknown build.
    return null;
  }
}

function planInput(result: ServerScanResult, classification: BuildClassification | null): PlanInput | null {
  if (result.facts) return { ...planInputFromFacts(result.facts), serverName: result.name };
  if (!classification) return null;
  // Not reachable but its version is known from discovery: plan from the build alone.
  return {
    serverName: result.name,
    build: versionText(result),
    isEdge: isEdgeServer(result),
    roles: result.roles,
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
