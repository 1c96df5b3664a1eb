import type { AppErrorShape } from '../domain/errors';
import type { BuildSource } from '../domain/exchange-server';
import type { ServerFacts } from '../domain/facts';
import type { BuildClassification, ServerPlan } from '../knowledge/types';
import { ev, finding, type Check, type CheckContext } from './check';
import { buildSupportChecks } from './checks/build-support';
import { certificateChecks } from './checks/certificates';
import { eemsChecks } from './checks/eems';
import { exchangeStateChecks } from './checks/exchange-state';
import { localSecurityChecks } from './checks/local-security';
import { osChecks } from './checks/os';
import { prerequisiteChecks } from './checks/prerequisites';
import { preflightFindingChecks } from './checks/preflight';
import { securityChecks } from './checks/security';
import { eemsVerdict } from './eems-verdict';
import { SEVERITY_ORDER, type EemsVerdict, type Finding, type Severity } from './types';
import { compareSeverity } from './severity-rank';

export interface ServerAnalysisInput {
  facts: ServerFacts | null;
  classification: BuildClassification | null;
  plan: ServerPlan | null;
  /** Why the server could not be probed, when it could not. */
  error: AppErrorShape | null;
  /** YYYY-MM-DD */
  today: string;
  organisationHasEsu: boolean;
  /** Where the classified build was read (`reportedBuild`); "discovery" is not the server itself. */
  buildSource?: BuildSource | null;
}

export interface ServerAnalysis {
  findings: Finding[];
  eems: EemsVerdict;
  /** The worst finding's severity; "critical" for a server that could not be probed. */
  severity: Severity;
}

/** Every check, in the order their findings appear for equal severity. */
export const ALL_CHECKS: readonly Check[] = [
  ...buildSupportChecks,
  ...eemsChecks,
  ...exchangeStateChecks,
  ...prerequisiteChecks,
  ...preflightFindingChecks,
  ...osChecks,
  ...securityChecks,
  ...localSecurityChecks,
  ...certificateChecks,
];

/**
 * Turns one server's facts and classification into findings (worst first) and
 * the EEMS verdict. Pure: the same input always gives the same output.
 */
export function analyseServer(input: ServerAnalysisInput): ServerAnalysis {
  const ctx: CheckContext = {
    facts: input.facts,
    classification: input.classification,
    plan: input.plan,
    today: input.today,
    organisationHasEsu: input.organisationHasEsu,
  };
  const findings: Finding[] = [];
  if (input.error) findings.push(unreachableFinding(input.error, input.facts !== null));
  for (const check of ALL_CHECKS) findings.push(...check(ctx));
  const sorted = sortFindings(input.buildSource === 'discovery' ? unverifiedBuild(findings, ctx) : findings);
  return { findings: sorted, eems: eemsVerdict(ctx), severity: worstSeverity(sorted, input.error !== null && input.facts === null) };
}

/**
 * The findings of a build only discovery saw (AD, the Exchange shell, the OWA page's header, read
 * even when its certificate is not trusted): evidence of a build at most. What the build alone
 * would call fine (the findings the checks give only with the classification) is said as not
 * verified, never "ok".
 */
function unverifiedBuild(findings: readonly Finding[], ctx: CheckContext): Finding[] {
  const withoutBuild = new Set(ALL_CHECKS.flatMap(check => check({ ...ctx, classification: null })).map(f => f.id));
  return findings.map(f =>
    f.severity !== 'ok' || withoutBuild.has(f.id)
      ? f
      : {
          ...f,
          severity: 'info' as const,
          title: `Not verified: ${f.title}`,
          evidence: [...f.evidence, ev('Build seen by', 'discovery only (Active Directory, the Exchange shell or the OWA page), not read on the server')],
          action: 'Scan the server, or run the offline collector on it, to read its build from ExSetup.exe before relying on this.',
        },
  );
}

function unreachableFinding(error: AppErrorShape, partial: boolean): Finding {
  return finding(partial ? 'server.partial-scan' : 'server.unreachable', partial ? 'warning' : 'critical', partial ? 'Part of the scan failed' : 'The server could not be scanned', {
    evidence: [ev('Error', error.message), ...(error.detail ? [ev('Detail', error.detail.slice(0, 500))] : [])],
    why: partial
      ? 'Some checks below have no data, so problems may be missing from this list.'
      : 'Nothing is known about this server beyond what discovery found, so it may be exposed without anyone noticing.',
    action: error.fix ?? 'Check that the server is on, reachable over WinRM from this computer, and that you are an Exchange administrator; or run the offline collector on it.',
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, index) => ({ f, index }))
    .sort((a, b) => compareSeverity(a.f.severity, b.f.severity) || a.index - b.index)
    .map(x => x.f);
}

export function worstSeverity(findings: Finding[], unreachable: boolean): Severity {
  if (unreachable) return 'critical';
  for (const severity of SEVERITY_ORDER) if (findings.some(f => f.severity === severity)) return severity;
  return 'info';
}
