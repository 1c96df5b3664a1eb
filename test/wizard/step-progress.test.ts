import { describe, expect, it } from 'vitest';
import { isInstallStep } from '../../src-shared/knowledge/step-kinds';
import { plannedPackageIds } from '../../src-shared/wizard/download-table';
import { stepProgress } from '../../src-shared/wizard/step-progress';
import { staleScanText } from '../../src-shared/wizard/steps';
import { sampleSession } from '../report/fixtures';

/** The rail ticks a step for its work, never for moving past it (issue 28, item 4). */
describe('step rail progress', () => {
  const session = sampleSession(); // on the Report step: every earlier step was passed; one file downloaded, one copy made

  it('does not tick Download for moving past it while planned files are missing: it counts them', () => {
    const total = plannedPackageIds(session.scan!).length;
    expect(total).toBeGreaterThan(1);
    const p = stepProgress('download', session);
    expect(p.done).toBe(false);
    expect(p.note).toMatch(/^1 of \d+ verified$/);
  });

  it('does not tick Stage while copies are missing, and counts the checked ones', () => {
    const p = stepProgress('stage', session);
    expect(p.done).toBe(false);
    expect(p.note).toMatch(/^1 of \d+ copied and checked$/);
  });

  it('ticks Upgrade only when every server with an update has its new build confirmed', () => {
    expect(stepProgress('upgrade', session)).toEqual({ done: false, note: expect.stringMatching(/^0 of \d+ servers confirmed$/) });
    const servers = session.scan!.servers.filter(s => s.plan?.steps.some(isInstallStep)).map(s => s.name);
    const all = { ...session, checklist: Object.fromEntries(servers.map(n => [n, { reprobe: { done: true, at: '2026-11-27T10:00:00Z' } }])) };
    expect(stepProgress('upgrade', all).done).toBe(true);
  });

  it('says nothing for a step not reached yet', () => {
    const early = { ...session, currentStep: 'plan' as const, downloads: [], staging: [] };
    expect(stepProgress('download', early)).toEqual({ done: false, note: null });
    expect(stepProgress('explain', early)).toEqual({ done: true, note: null });
  });
});

describe('stale results', () => {
  const session = sampleSession();
  const entry = (name: string, fqdn: string | null = null) => ({ name, fqdn, versionHint: null, roles: [], site: null, source: 'manual' as const, notes: [] });
  const listed = session.scan!.servers.map(s => entry(s.name, s.fqdn));

  it('say nothing while the list is the scanned one', () => {
    expect(staleScanText({ ...session, discovered: listed })).toBeNull();
  });

  it('say the results are out of date after a server is added or removed', () => {
    const added = staleScanText({ ...session, discovered: [...listed, entry('EX09')] });
    expect(added).toMatch(/^These results are out of date: EX09 was added after the last scan\./);
    const removed = staleScanText({ ...session, discovered: listed.slice(1) });
    expect(removed).toContain(`${listed[0]!.name} was removed from the list since`);
  });
});
