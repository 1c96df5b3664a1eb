import { analyseServer } from '../../src-shared/analysis';
import type { ServerScanResult } from '../../src-shared/assessment/scan-report';
import { classifyBuild, planInputFromFacts, planServer, type Catalog } from '../../src-shared/knowledge';
import { healthyFacts } from '../analysis/fixtures';

export const TODAY = '2026-11-26';

/** A server scanned through the real classifier, planner and analyser. */
export function scanned(name: string, build: string, options: { catalog?: Catalog; today?: string; reachable?: boolean } = {}): ServerScanResult {
  const today = options.today ?? TODAY;
  const facts = healthyFacts({ identity: { name }, exchange: { exSetupVersion: build } });
  const classification = classifyBuild(build, { today, ...(options.catalog ? { catalog: options.catalog } : {}) });
  const plan = planServer(planInputFromFacts(facts), { hasEsu: false, today, ...(options.catalog ? { catalog: options.catalog } : {}) });
  const reachable = options.reachable ?? true;
  const error = reachable ? null : { code: 'unreachable' as const, message: `${name} did not answer over PowerShell remoting.`, fix: 'Check WinRM.' };
  const analysis = analyseServer({ facts: reachable ? facts : null, classification, plan, error, today, organisationHasEsu: false });
  return {
    name,
    fqdn: null,
    source: 'manual',
    reachable,
    error,
    build: classification.build,
    product: classification.product,
    cu: classification.cu,
    update: classification.update,
    roles: ['Mailbox'],
    facts: reachable ? facts : null,
    classification,
    findings: analysis.findings,
    eems: analysis.eems,
    plan,
    severity: analysis.severity,
    durationMs: 1,
  };
}
