import { describe, expect, expectTypeOf, it } from 'vitest';
import { STEPS, blockedReason, nextStep, previousStep, serversNotScanned, stepDone } from '../../src-shared/wizard/steps';
import { WizardSession, WizardStep } from '../../src-shared/wizard/session';

describe('wizard steps', () => {
  it('lists every step once, in order', () => {
    expect(STEPS.map(s => s.id)).toEqual(WizardStep.options);
    expect(nextStep('welcome')).toBe('discover');
    expect(previousStep('discover')).toBe('welcome');
    expect(nextStep('report')).toBeNull();
    expect(previousStep('welcome')).toBeNull();
  });

  it('derives the step type and the session schema from the one list', () => {
    // The step list is written once: the session accepts exactly its ids, in its order.
    expectTypeOf<WizardStep>().toEqualTypeOf<'welcome' | 'discover' | 'health' | 'explain' | 'plan' | 'download' | 'stage' | 'upgrade' | 'report'>();
    const currentStep = WizardSession.shape.currentStep;
    for (const step of STEPS) expect(currentStep.safeParse(step.id).success).toBe(true);
    expect(currentStep.safeParse('summary').success).toBe(false);
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

describe('step completion and a stale scan', () => {
  const server = (name: string) => ({ name, fqdn: null, versionHint: null, roles: [], site: null, source: 'manual' as const, notes: [] });
  const scan = { servers: [{ name: 'EX01' }] } as unknown as NonNullable<WizardSession['scan']>;

  it('names servers added after the scan and un-ticks Health until they are scanned', () => {
    const session = { discovered: [server('EX01'), server('EX09')], scan, currentStep: 'plan' as const };
    expect(serversNotScanned(session)).toEqual(['EX09']);
    expect(stepDone('health', session)).toBe(false);
    expect(stepDone('health', { ...session, discovered: [server('ex01')] })).toBe(true);
  });

  it('ticks steps that were passed, not the current one', () => {
    const session = { discovered: [server('EX01')], scan, currentStep: 'plan' as const };
    expect(stepDone('explain', session)).toBe(true);
    expect(stepDone('plan', session)).toBe(false);
    expect(stepDone('report', session)).toBe(false);
  });
});
