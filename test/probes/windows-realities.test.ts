import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseServer } from '../../src-shared/analysis';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import { bootstrapFailure } from '../../electron/engine/powershell/host';
import { buildBootstrapLoad } from '../../electron/engine/powershell/invocation';
import { runPwsh, useRealPwshHost } from '../helpers/pwsh';
import { E19, probeLab } from './helpers';

/**
 * What real Windows does that a PowerShell 7 on Linux does not, as far as the
 * lab can stand in for it (docs/architecture/windows.md).
 */
describe('Windows realities on the PowerShell side (real pwsh, the lab)', () => {
  const real = useRealPwshHost('exwiz-windows-');

  it('keeps the server\'s facts when a certificate has no readable expiry date; services not readable are unknown, never "none"', async () => {
    // Health Checker's real certificates of SOLO-E19A, the first two (the Auth certificate and another) without NotAfter. They were captured as
    // plain X509 certificates, as any certificate read without the Exchange tools: no Services at all.
    const capture = path.join(real.scratch, 'GetExchangeCertificate.xml');
    await real.host.run(path.join(__dirname, '..', 'fixtures', 'powershell', 'certificates-without-expiry.ps1'), { Source: path.join(E19, 'Exchange', 'GetExchangeCertificate.xml'), Target: capture });
    const facts = await probeLab(real.host, { config: { captures: { 'Exchange/GetExchangeCertificate.xml': capture } } });
    expect(facts.identity.adminDisplayVersion).not.toBeNull();
    expect(facts.exchange.exSetupVersion).toBe('15.02.0986.005');
    const certificates = facts.certificates ?? [];
    expect(certificates.map(c => c.notAfter === null)).toEqual([true, true, false]);
    expect(certificates[0]?.isCurrentAuth).toBe(true);
    expect(certificates.map(c => c.services)).toEqual([null, null, null]);

    const findings = analyseServer({ facts, classification: null, plan: null, error: null, today: '2026-12-06', organisationHasEsu: false }).findings;
    expect(findings.find(f => f.id === 'certificate.auth')).toMatchObject({ severity: 'warning', title: "The Auth certificate's expiry date could not be read" });
    const unreadable = findings.find(f => f.id === `certificate.${certificates[1]?.thumbprint.slice(0, 12).toLowerCase()}`);
    expect(unreadable?.title).toMatch(/expiry date could not be read/);
    expect(unreadable?.evidence).toEqual(
      expect.arrayContaining([
        { label: 'Valid until', value: 'could not be read' },
        { label: 'Services', value: expect.stringMatching(/^unknown \(not readable without the Exchange tools/) },
      ]),
    );
    expect(findings.flatMap(f => f.evidence).filter(e => e.label === 'Services' && e.value === 'none')).toEqual([]);
  });

  it('reaches the Exchange shell over HTTPS, directly, when port 80 is closed and a WinHTTP proxy is set', async () => {
    const facts = await probeLab(real.host, { config: { simulate: { failure: 'http-closed' } } });
    expect(facts.sectionErrors.filter(e => e.code !== undefined)).toEqual([]);
    expect(facts.identity.adminDisplayVersion).not.toBeNull();
  });

  // A shell of its own: the language mode is set before the bootstrap loads.
  it('says a ConstrainedLanguage PowerShell (AppLocker, WDAC) is one, instead of a crash', () => {
    const bootstrap = readFileSync(path.join(powershellScriptsDirectory(), 'host', 'bootstrap.ps1'), 'utf8');
    const command = `$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'; ${buildBootstrapLoad(bootstrap)}`;
    const { stdout } = runPwsh(['-Command', command]);
    expect(stdout).toContain('EXWIZ-LANGUAGE:ConstrainedLanguage');
    const failure = bootstrapFailure(stdout, '');
    expect(failure?.code).toBe('constrained-language');
    expect(failure?.message).toMatch(/ConstrainedLanguage mode \(AppLocker or Windows Defender Application Control\)/);
    // In FullLanguage the same command loads the bootstrap.
    const loaded = runPwsh(['-Command', buildBootstrapLoad(bootstrap)]);
    expect(bootstrapFailure(loaded.stdout, '')).toBeNull();
  });
});
