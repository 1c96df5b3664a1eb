import { describe, expect, it } from 'vitest';
import type { PreflightCheck } from '../../src-shared/analysis/preflight-checks';
import { preflightAfterFixes, preflightHeadline } from '../../src-shared/wizard/preflight';

const policy: PreflightCheck = {
  id: 'execution-policy',
  title: 'No execution policy from Group Policy',
  status: 'blocker',
  detail: 'Group Policy sets MachinePolicy to AllSigned.',
  fix: 'Remove the setting from the GPO, then run gpupdate /force.',
  commands: ['gpupdate /force'],
  howToRead: null,
};
const restart: PreflightCheck = { id: 'pending-restart', title: 'No restart pending', status: 'passed', detail: 'none pending', fix: null, commands: [], howToRead: null };

describe('the pre-flight as the night stands', () => {
  it('a blocker whose fix the wizard proved counts as passed, saying so with the evidence', () => {
    const after = preflightAfterFixes([policy, restart], { 'fix-preflight-execution-policy': { done: true, proof: { evidence: 'No execution policy from Group Policy: passed' } } });
    expect(after[0]).toMatchObject({ status: 'passed', fix: null, commands: [] });
    expect(after[0]?.detail).toBe('fixed; checked by the wizard: No execution policy from Group Policy: passed');
    expect(preflightHeadline('EX03', after)).toBe('Pre-flight: every check passed on EX03');
  });

  it('a hand tick says the wizard has not checked it; an untouched blocker stays a blocker', () => {
    expect(preflightAfterFixes([policy], { 'fix-preflight-execution-policy': { done: true, proof: null } })[0]?.detail).toMatch(/ticked by hand; the wizard has not checked it/);
    expect(preflightAfterFixes([policy], { 'fix-preflight-execution-policy': { done: false } })[0]?.status).toBe('blocker');
    expect(preflightHeadline('EX03', preflightAfterFixes([policy], {}))).toBe('Pre-flight: 1 blocker on EX03');
  });
});
