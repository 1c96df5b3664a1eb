import { describe, expect, it } from 'vitest';
import { assessScan, probedPart } from '../../src-shared/assessment/assess';
import { applicableChoices, planWithExtendedProtectionChoices } from '../../src-shared/assessment/extended-protection-choices';
import { reassessFromFacts } from '../../src-shared/assessment/reassess-from-facts';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import type { ExtendedProtectionChoice } from '../../src-shared/knowledge/extended-protection';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { stepSetupCommands } from '../../src-shared/knowledge/step-kinds';
import { extendedProtectionChoiceLabel, extendedProtectionChoiceView } from '../../src-shared/wizard/extended-protection-choice';
import { organisationChecklistForScan } from '../../src-shared/wizard/organisation-checklist';
import { sampleScan } from '../report/fixtures';

const catalog = builtInCatalog();

/**
 * The sample organisation as the wizard assessed it on the day of its scan: EX01 (2019 CU12,
 * Extended Protection not read) goes to 2019 CU15, whose Setup turns it on, then to SE; EX03 is
 * on SE already.
 */
function assessed(): ScanReport {
  const sample = sampleScan();
  return assessScan(sample.servers.map(probedPart), { source: sample.source, organisationHasEsu: false, catalog, now: new Date(sample.generatedAt), adLevels: null });
}

/** The Setup command lines of a server's plan, in order. */
function setupLines(scan: ScanReport, server: string): string[] {
  return (scan.servers.find(s => s.name === server)?.plan?.steps ?? []).flatMap(stepSetupCommands);
}

/** The Setup commands the runbook shows for a server (what the admin copies). */
function runbookSetupCommands(scan: ScanReport, server: string): string[] {
  return organisationChecklistForScan(scan, { catalog })
    .filter(s => s.server === server)
    .flatMap(s => s.items)
    .flatMap(i => i.commands)
    .filter(c => c.includes('Setup.exe" '));
}

describe('planWithExtendedProtectionChoices (the wizard and exwiz checklist --keep-ep-off)', () => {
  it('"keep-off" adds /DoNotEnableEP to the Setup that turns it on and to every later Setup; the TLS wait goes, the check stays', () => {
    const before = assessed();
    expect(setupLines(before, 'EX01').every(l => !l.includes('/DoNotEnableEP'))).toBe(true);
    const after = planWithExtendedProtectionChoices(before, { EX01: 'keep-off' }, catalog);
    expect(setupLines(after, 'EX01')).toHaveLength(2);
    expect(setupLines(after, 'EX01').every(l => l.endsWith('/Mode:Upgrade /DoNotEnableEP'))).toBe(true);
    expect(runbookSetupCommands(after, 'EX01')).toHaveLength(2);
    expect(runbookSetupCommands(after, 'EX01').every(c => c.endsWith('/Mode:Upgrade /DoNotEnableEP'))).toBe(true);
    const prerequisites = after.servers.find(s => s.name === 'EX01')?.plan?.steps[0]?.prerequisites ?? [];
    expect(prerequisites.find(p => p.id === 'extended-protection')).toMatchObject({ met: true, title: expect.stringContaining('/DoNotEnableEP') });
    expect(prerequisites.some(p => p.id === 'tls-consistent')).toBe(false);
    expect(after.extendedProtectionChoices).toEqual({ EX01: 'keep-off' });
    // Only EX01's plan changed; the day, the ESU answer and the others' conclusions are the scan's.
    expect(after.generatedAt).toBe(before.generatedAt);
    for (const name of ['LEGACY16', 'EX03', 'EX05']) expect(after.servers.find(s => s.name === name)?.plan).toEqual(before.servers.find(s => s.name === name)?.plan);
  });

  it('"keep-off-front-end-ews" adds /DoNotEnableEP_FEEWS (the Hybrid Agent), matched in any case of the name', () => {
    const after = planWithExtendedProtectionChoices(assessed(), { ex01: 'keep-off-front-end-ews' }, catalog);
    expect(setupLines(after, 'EX01').every(l => l.endsWith('/Mode:Upgrade /DoNotEnableEP_FEEWS'))).toBe(true);
    expect(after.extendedProtectionChoices).toEqual({ EX01: 'keep-off-front-end-ews' });
  });

  it('"enable" is Microsoft\'s default: the plan is the one made with no choice, and no choice is recorded', () => {
    const before = assessed();
    const off = planWithExtendedProtectionChoices(before, { EX01: 'keep-off' }, catalog);
    const back = planWithExtendedProtectionChoices(off, { EX01: 'enable' }, catalog);
    expect(back).toEqual(before);
    expect(back.extendedProtectionChoices).toBeUndefined();
  });

  it('refuses a server the scan does not have, saying which it has', () => {
    expect(() => planWithExtendedProtectionChoices(assessed(), { NOPE: 'keep-off' }, catalog)).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('No server "NOPE" in this scan'), fix: 'Use one of: EX01, LEGACY16, EX04, EX02, EX03, EX05.' }),
    );
  });

  it('refuses a value outside the closed list, naming the allowed ones', () => {
    expect(() => planWithExtendedProtectionChoices(assessed(), { EX01: 'off' as ExtendedProtectionChoice }, catalog)).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('"off" is not an Extended Protection choice'), fix: 'Use one of: enable, keep-off, keep-off-front-end-ews.' }),
    );
  });
});

describe('applicableChoices', () => {
  it('keeps the choices of scanned servers under their scanned names, without "enable"', () => {
    expect(applicableChoices(['EX01', 'EX02'], { ex01: 'keep-off', 'ex02.contoso.local': 'keep-off-front-end-ews', EX09: 'keep-off', EX03: 'enable' })).toEqual({
      EX01: 'keep-off',
      EX02: 'keep-off-front-end-ews',
    });
    expect(applicableChoices(['EX01'], undefined)).toEqual({});
  });
});

describe("reassessFromFacts with a session's choices", () => {
  it("plans with the choices the session gives, and never with a file's own record of them", () => {
    const off = planWithExtendedProtectionChoices(assessed(), { EX01: 'keep-off' }, catalog);
    expect(reassessFromFacts(off, catalog, { EX01: 'keep-off' })).toEqual(off);
    // A scan file saying "keep off" is not the admin's word: the plan turns it on as Setup does.
    expect(reassessFromFacts(off, catalog)).toEqual(assessed());
  });
});

describe('the choice as the Plan and Upgrade steps show it', () => {
  it("is offered only where a Setup turns Extended Protection on, with that Setup's command as planned", () => {
    const before = assessed();
    expect(extendedProtectionChoiceView(before, 'EX01')).toMatchObject({
      server: 'EX01',
      choice: 'enable',
      stepTitle: 'Install Exchange 2019 CU15',
      setupCommand: 'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade',
    });
    expect(extendedProtectionChoiceView(before, 'EX03')).toBeNull();
    expect(extendedProtectionChoiceView(before, 'NOPE')).toBeNull();
    const off = planWithExtendedProtectionChoices(before, { EX01: 'keep-off' }, catalog);
    expect(extendedProtectionChoiceView(off, 'ex01')).toMatchObject({
      choice: 'keep-off',
      setupCommand: 'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade /DoNotEnableEP',
      hint: expect.stringContaining('open to NTLM relay'),
    });
    expect(extendedProtectionChoiceLabel('keep-off-front-end-ews')).toBe('Keep off on front-end EWS only (/DoNotEnableEP_FEEWS, Hybrid Agent)');
  });
});
