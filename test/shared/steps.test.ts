import { describe, expect, it } from 'vitest';
import { STEPS, blockedReason, nextStep, previousStep } from '../../src-shared/wizard/steps';
import { WizardStep } from '../../src-shared/wizard/session';

describe('wizard steps', () => {
  it('lists every step once, in order', () => {
    expect(STEPS.map(s => s.id)).toEqual(WizardStep.options);
    expect(nextStep('welcome')).toBe('discover');
    expect(previousStep('discover')).toBe('welcome');
    expect(nextStep('report')).toBeNull();
    expect(previousStep('welcome')).toBeNull();
  });

  it('blocks steps that need earlier results', () => {
    const empty = { discovered: [], scan: null };
    expect(blockedReason('discover', empty)).toBeNull();
    expect(blockedReason('health', empty)).toMatch(/Discover/);
    expect(blockedReason('plan', empty)).toMatch(/scan/);
    const discovered = { discovered: [{ name: 'a', fqdn: null, versionHint: null, roles: [], site: null, source: 'manual' as const, notes: [] }], scan: null };
    expect(blockedReason('health', discovered)).toBeNull();
    expect(blockedReason('report', discovered)).toMatch(/scan/);
  });
});
