import type { ServerScanResult } from '../assessment/scan-report';
import { isEdgeTransport } from '../domain/exchange-server';
import { isInstallStep, isSetupStep } from '../knowledge/step-kinds';
import { preflightChecks, type PreflightCheck } from '../analysis/preflight-checks';

export type { PreflightCheck } from '../analysis/preflight-checks';

/**
 * The pre-flight of one scanned server, for the Setup or SU run its plan holds: the checks of
 * analysis/preflight-checks.ts plus the plan's free-space prerequisite. [] when the server has no
 * install step or the probe did not collect the pre-flight.
 */
export function serverPreflight(server: Pick<ServerScanResult, 'facts' | 'plan' | 'roles'>, today?: string): PreflightCheck[] {
  const steps = (server.plan?.steps ?? []).filter(isInstallStep);
  if (steps.length === 0) return [];
  const disk = steps.flatMap(s => s.prerequisites).find(p => p.id === 'disk-space');
  return preflightChecks(server.facts, {
    run: steps.some(isSetupStep) ? 'setup' : 'su',
    isEdge: isEdgeTransport(server),
    preparesAd: false,
    diskSpace: disk ? { met: disk.met, detail: disk.detail } : null,
    ...(today ? { today } : {}),
  });
}

/** "Pre-flight: 1 blocker on EX02", "Pre-flight: passed on EX01", "Pre-flight: 2 checks unknown on EX03" (answer first). */
export function preflightHeadline(server: string, checks: readonly PreflightCheck[]): string {
  const blockers = checks.filter(c => c.status === 'blocker').length;
  const unknown = checks.filter(c => c.status === 'unknown').length;
  if (blockers > 0) return `Pre-flight: ${blockers} ${blockers === 1 ? 'blocker' : 'blockers'} on ${server}${unknown > 0 ? `, ${unknown} unknown` : ''}`;
  if (unknown > 0) return `Pre-flight: ${unknown} ${unknown === 1 ? 'check' : 'checks'} unknown on ${server}, none blocks`;
  return `Pre-flight: every check passed on ${server}`;
}

/** The runbook item that fixes a pre-flight blocker (fix-items.ts names them so). */
export const PREFLIGHT_FIX_PREFIX = 'fix-preflight-';

/**
 * The pre-flight as the night stands: a blocker whose fix item is done counts as passed, with who
 * said so (the wizard's check and its evidence, or the admin's tick), since the runbook is not
 * planned again while the night runs. `done`: the section's ticks by item id.
 */
export function preflightAfterFixes(checks: readonly PreflightCheck[], done: Readonly<Record<string, { done: boolean; proof?: { evidence: string } | null } | undefined>>): PreflightCheck[] {
  return checks.map(c => {
    const tick = done[`${PREFLIGHT_FIX_PREFIX}${c.id}`];
    if (c.status !== 'blocker' || !tick?.done) return c;
    return {
      ...c,
      status: 'passed' as const,
      detail: tick.proof ? `fixed; checked by the wizard: ${tick.proof.evidence}` : 'fixed (ticked by hand; the wizard has not checked it)',
      fix: null,
      commands: [],
    };
  });
}
