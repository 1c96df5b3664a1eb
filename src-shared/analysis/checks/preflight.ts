import { ev, finding, isEdge, type Check } from '../check';
import { PREFLIGHT_BLOCKER_LABEL, preflightChecks } from '../preflight-checks';
import { isInstallStep, isSetupStep } from '../../knowledge/step-kinds';
import { DOCS } from '../links';

/**
 * The pre-flight before Setup (preflight-checks.ts) as one finding: critical while a check
 * blocks Setup, info while some could not be read, ok when all passed. The pending restart and
 * free space have findings of their own (os.reboot-pending, plan.prerequisite.*).
 */
export const preflightFindingChecks: Check[] = [
  function setupPreflight(ctx) {
    if (!ctx.facts || ctx.facts.preflight === undefined) return [];
    const steps = (ctx.plan?.steps ?? []).filter(isInstallStep);
    const run = steps.length > 0 && !steps.some(isSetupStep) ? 'su' : 'setup';
    const checks = preflightChecks(ctx.facts, { run, isEdge: isEdge(ctx), preparesAd: false, today: ctx.today }).filter(c => c.id !== 'pending-restart');
    const blockers = checks.filter(c => c.status === 'blocker');
    const unknown = checks.filter(c => c.status === 'unknown');
    // The checks that did not pass are the evidence (the report's server page stays one page); the count says the rest.
    const open = blockers.length > 0 ? blockers : unknown;
    const evidence = [...open.map(c => ev(c.title, c.detail)), ev('Checks passed', `${checks.length - blockers.length - unknown.length} of ${checks.length}`)];
    const links = [DOCS.prerequisites];
    if (blockers.length > 0) {
      return [
        finding(
          'setup.preflight',
          'critical',
          `Pre-flight: ${blockers.length} ${blockers.length === 1 ? 'blocker' : 'blockers'} before Setup: ${blockers.map(b => PREFLIGHT_BLOCKER_LABEL[b.id]).join('; ')}`,
          {
            evidence,
            why: "Exchange Setup refuses to start, or stops part-way and leaves Exchange down, on each of these (Microsoft's SetupAssist checks the same).",
            action: blockers.map(b => b.fix ?? b.title).join(' '),
            links,
          },
        ),
      ];
    }
    if (unknown.length > 0) {
      return [
        finding('setup.preflight', 'info', `Pre-flight: ${unknown.length} ${unknown.length === 1 ? 'check' : 'checks'} could not be read`, {
          evidence,
          why: 'Setup checks these itself; what the wizard could not read is not known to pass.',
          action: unknown.map(u => `${u.title}: ${u.howToRead ?? 'read it on the server'}`).join(' '),
          links,
        }),
      ];
    }
    return [
      finding('setup.preflight', 'ok', 'Pre-flight: nothing Setup checks blocks the run', { evidence, why: 'Setup refuses or fails part-way on any of these.', action: 'Nothing to do.', links }),
    ];
  },
];
