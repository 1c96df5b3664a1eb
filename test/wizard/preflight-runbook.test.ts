import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { preflightChecks } from '../../src-shared/analysis/preflight-checks';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { simulateRunbook } from '../../src-shared/wizard/plan-simulator';
import { preflightFixItems } from '../../src-shared/wizard/fix-items';
import { preflightHeadline } from '../../src-shared/wizard/preflight';
import { planInput } from '../helpers/plan-input';
import { cleanPreflight, healthyFacts } from '../analysis/fixtures';

const catalog = builtInCatalog();
const today = catalog.asOf;
/** Exchange 2019 CU11 on its last SU: the plan runs CU Setup on it. */
const inputs = [planInput('15.2.986.42', { serverName: 'EX19' })];
const plan = planOrganisation(inputs, { hasEsu: false, catalog, today });
const serverPlan = plan.servers.find(p => p.serverName === 'EX19')!;

const gpo = { executionPolicy: { machinePolicy: 'AllSigned', userPolicy: 'Undefined', effective: 'AllSigned' } };
const stopped = { watermarks: [{ key: 'MailboxRole', watermark: 'Microsoft.Exchange.Management.Deployment.ServiceControl__Stop', action: 'BuildToBuildUpgrade' }] };
const checksWith = (patch: object) => preflightChecks({ ...healthyFacts(), preflight: { ...cleanPreflight(), ...patch } }, { run: 'setup', isEdge: false, preparesAd: false, today });

/** The organisation runbook for EX19, its section built knowing (or not) the pre-flight. */
function runbook(preflight: ReturnType<typeof checksWith> | undefined) {
  const server = { name: 'EX19', fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null, ...(preflight ? { preflight } : {}) };
  return organisationChecklist(plan, [{ server, plan: serverPlan }], { catalog });
}

describe('pre-flight blockers in the runbook and the plan simulator', () => {
  it('refuses a Setup run while Group Policy sets the execution policy, and passes once the fix item comes first', () => {
    const blockers = { EX19: { blockers: ['execution-policy'], watermark: false } };
    const without = simulateRunbook(inputs, runbook(undefined), { catalog, today, hasEsu: false, preflight: blockers });
    expect(without.problems.join('\n')).toMatch(/preflight: blocked by execution-policy/);
    const sections = runbook(checksWith(gpo));
    const items = sections.find(s => s.server === 'EX19')!.items;
    expect(items[0]?.id).toBe('fix-preflight-execution-policy');
    expect(items.find(i => i.effect?.type === 'setup')?.heldBy).toContain('fix-preflight-execution-policy');
    const fixed = simulateRunbook(inputs, sections, { catalog, today, hasEsu: false, preflight: blockers });
    expect(fixed.problems.filter(p => /preflight|prerequisites/.test(p))).toEqual([]);
  });

  it('refuses another Setup over a stopped one; the runbook re-runs the same Setup, which resumes', () => {
    const marked = { EX19: { blockers: ['install-watermark'], watermark: true } };
    expect(simulateRunbook(inputs, runbook(undefined), { catalog, today, hasEsu: false, preflight: marked }).problems.join('\n')).toMatch(/install-watermark: an earlier Setup stopped part-way/);
    const sections = runbook(checksWith(stopped));
    const setup = sections.find(s => s.server === 'EX19')!.items.find(i => i.effect?.type === 'setup');
    expect(setup?.title).toMatch(/^Re-run the same Setup: it resumes/);
    expect(setup?.effect).toMatchObject({ type: 'setup', resume: true });
    expect(simulateRunbook(inputs, sections, { catalog, today, hasEsu: false, preflight: marked }).problems.filter(p => /watermark/.test(p))).toEqual([]);
  });

  it('refuses a Setup run with a pending restart when the runbook skips the restart', () => {
    const noReboot = runbook(undefined).map(s => ({ ...s, items: s.items.filter(i => i.kind !== 'reboot') }));
    expect(simulateRunbook(inputs, noReboot, { catalog, today, hasEsu: false, preflight: { EX19: { blockers: ['pending-restart'], watermark: false } } }).problems.join('\n')).toMatch(
      /pending-reboot/,
    );
  });

  it('a fix item per blocker with its commands, guarded for its server, and where they run; the restart, disk and watermark have their own items', () => {
    const checks = checksWith({ ...gpo, ...stopped, disabledExchangeServices: [{ name: 'MSExchangeIS', status: 'Stopped', startType: 'Disabled' }] });
    const items = preflightFixItems(checks, 'EX19');
    expect(items.map(i => i.id)).toEqual(['fix-preflight-execution-policy', 'fix-preflight-disabled-services']);
    expect(items[1]).toMatchObject({
      kind: 'fix',
      commands: [
        "if ($env:COMPUTERNAME -ne 'EX19') { throw 'Run this on EX19, not on ' + $env:COMPUTERNAME } else {",
        "Set-Service -Name 'MSExchangeIS' -StartupType Automatic",
        "Start-Service -Name 'MSExchangeIS'",
        '}',
      ],
      runsOn: { kind: 'server', server: 'EX19', elevated: true },
      effect: { type: 'preflight-fix', server: 'EX19', check: 'disabled-services' },
    });
  });

  it('answers first', () => {
    expect(preflightHeadline('EX02', checksWith(gpo))).toBe('Pre-flight: 1 blocker on EX02');
    expect(preflightHeadline('EX01', checksWith({}))).toBe('Pre-flight: every check passed on EX01');
  });
});
