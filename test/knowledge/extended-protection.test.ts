import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { extendedProtectionState, virtualDirectoriesBelowRecommended, type ExtendedProtectionState } from '../../src-shared/knowledge/extended-protection';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { planServer } from '../../src-shared/knowledge/planner';
import type { PlanInput } from '../../src-shared/knowledge/types';
import type { TlsFacts } from '../../src-shared/domain/facts';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { simulateRunbook } from '../../src-shared/wizard/plan-simulator';
import { planInput } from '../helpers/plan-input';
import { E19 } from '../probes/helpers';

const catalog = builtInCatalog();
const today = catalog.asOf;

/** tokenChecking per Exchange virtual directory of a real applicationHost.config capture (what the probe reads). */
function capturedVdirs(file: string): Record<string, string> {
  const text = readFileSync(path.join(E19, 'Exchange', 'IIS', file), 'utf8');
  const result: Record<string, string> = {};
  for (const m of text.matchAll(/<location path="((?:Default Web Site|Exchange Back End)[^"]*)"[^>]*>([\s\S]*?)<\/location>/g)) {
    const token = /<extendedProtection[^>]*tokenChecking="([^"]*)"/.exec(m[2] ?? '');
    if (token && m[1]) result[m[1]] = token[1] ?? 'None';
  }
  return result;
}

/** TLS as Microsoft's guide sets it: 1.0/1.1 off, 1.2 on, both .NET values 1 in both views (the E19 capture's values). */
const TLS_GOOD: TlsFacts = {
  versions: [
    { version: '1.0', serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true, configuration: 'Disabled' },
    { version: '1.1', serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true, configuration: 'Disabled' },
    { version: '1.2', serverEnabled: true, serverDisabledByDefault: false, clientEnabled: true, clientDisabledByDefault: false, configuration: 'Enabled' },
  ],
  netSystemDefaultTlsVersions: true,
  netSchUseStrongCrypto: true,
  netWowSystemDefaultTlsVersions: true,
  netWowSchUseStrongCrypto: true,
};
/** The demo's EX03: SchUseStrongCrypto missing (New-DemoLab's "misconfigured" profile). */
const TLS_NO_STRONG_CRYPTO: TlsFacts = { ...TLS_GOOD, netSchUseStrongCrypto: null, netWowSchUseStrongCrypto: null };

function state(vdirs: Record<string, string>, tls: TlsFacts = TLS_GOOD): ExtendedProtectionState {
  return extendedProtectionState({
    extendedProtection: { configured: Object.values(vdirs).some(v => v !== 'None'), perVirtualDirectory: vdirs },
    tls,
    localSecurity: { exchangeTrustedSubsystemInAdministrators: true, lmCompatibilityLevel: null },
  });
}

const ON = () => state(capturedVdirs('applicationHost1.config'));
const OFF = () => state(capturedVdirs('applicationHost.config'));

describe("Extended Protection per virtual directory, against Learn's table", () => {
  it('reads the real captures: fully configured, off, and "configured" but weaker than the table on one directory', () => {
    expect(virtualDirectoriesBelowRecommended(capturedVdirs('applicationHost1.config'))).toEqual([]);
    // Any value other than None made this "configured" before; the back-end PowerShell directory still lacks Require.
    expect(virtualDirectoriesBelowRecommended(capturedVdirs('applicationHost2.config'))).toEqual(['Exchange Back End/PowerShell: None, Require expected']);
    expect(virtualDirectoriesBelowRecommended(capturedVdirs('applicationHost.config'))).toEqual(['Exchange Back End/EWS: None, Require expected', 'Default Web Site/EWS: None, Allow expected']);
    // Allow where Require is expected is below; Require where Allow is expected is not.
    expect(virtualDirectoriesBelowRecommended({ 'Default Web Site/owa': 'Allow', 'Default Web Site/EWS': 'Require', 'Default Web Site/Autodiscover': 'None' })).toEqual([
      'Default Web Site/owa: Allow, Require expected',
    ]);
  });

  it('TLS problems: SchUseStrongCrypto or SystemDefaultTlsVersions not 1, client and server differing', () => {
    expect(state({}, TLS_GOOD).tlsProblems).toEqual([]);
    expect(state({}, TLS_NO_STRONG_CRYPTO).tlsProblems).toEqual(['SchUseStrongCrypto is not set, 1 expected', 'SchUseStrongCrypto (WOW6432Node) is not set, 1 expected']);
    const mismatch: TlsFacts = { ...TLS_GOOD, versions: TLS_GOOD.versions.map(v => (v.version === '1.2' ? { ...v, clientEnabled: false } : v)) };
    expect(state({}, mismatch).tlsProblems).toEqual(['TLS 1.2 is set differently for client and server', 'TLS 1.2 is not enabled for client and server']);
  });
});

describe('Outlook Anywhere SSL offloading, as the scan read it', () => {
  const base = { extendedProtection: null, tls: TLS_GOOD, localSecurity: null };
  const oa = (sslOffloading: boolean | null) => ({
    identity: 'EX03\\Rpc (Default Web Site)',
    sslOffloading,
    internalClientsRequireSsl: sslOffloading === null ? null : !sslOffloading,
    externalClientsRequireSsl: sslOffloading === null ? null : !sslOffloading,
  });

  it('true and false as read; not read says why (the section error, an older probe)', () => {
    expect(extendedProtectionState({ ...base, outlookAnywhere: oa(true) })).toMatchObject({ sslOffloading: true, sslOffloadingUnknownWhy: null });
    expect(extendedProtectionState({ ...base, outlookAnywhere: oa(false) })).toMatchObject({ sslOffloading: false, sslOffloadingUnknownWhy: null });
    const failed = extendedProtectionState({ ...base, outlookAnywhere: null, sectionErrors: [{ section: 'outlook-anywhere', message: "The term 'Get-OutlookAnywhere' is not recognized" }] });
    expect(failed).toMatchObject({ sslOffloading: null, sslOffloadingUnknownWhy: "the scan could not read it (The term 'Get-OutlookAnywhere' is not recognized)" });
    expect(extendedProtectionState(base)).toMatchObject({ sslOffloading: null, sslOffloadingUnknownWhy: 'the scan predates this check (an older probe or collector)' });
  });

  it('a server with Extended Protection already on as the table asks still gets the item when Outlook Anywhere offloads SSL (Setup turns it off)', () => {
    const ex03 = (ep: ExtendedProtectionState) => planInput('15.2.1544.33', { serverName: 'EX03', osBuildNumber: 20348, osProductName: null, dotNetRelease: 533325, extendedProtection: ep });
    const upgrade = (ep: ExtendedProtectionState) => planServer(ex03(ep), { hasEsu: false }).steps.find(s => s.kind === 'in-place-upgrade');
    expect(upgrade({ ...ON(), sslOffloading: false })?.prerequisites.some(p => p.id === 'extended-protection')).toBe(false);
    expect(upgrade({ ...ON(), sslOffloading: true })?.prerequisites.find(p => p.id === 'ssl-offloading')).toMatchObject({ met: false });
  });
});

describe('the Extended Protection item comes from what the server shows, not its CU', () => {
  // The demo's EX03: 2019 CU14 Jul25SU, Extended Protection off everywhere, going to SE in place.
  const ex03 = (ep: ExtendedProtectionState | null, extra: Partial<PlanInput> = {}) =>
    planInput('15.2.1544.33', { serverName: 'EX03', osBuildNumber: 20348, osProductName: null, dotNetRelease: 533325, extendedProtection: ep, ...extra });
  const epOf = (plan: ReturnType<typeof planServer>) => plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites.find(p => p.id === 'extended-protection');

  it('2019 CU14 with Extended Protection off gets the item on its SE upgrade; with it on as the table asks, none', () => {
    expect(epOf(planServer(ex03(OFF()), { hasEsu: false }))?.detail).toMatch(/weaker than Microsoft's table on 2 virtual directories/);
    expect(epOf(planServer(ex03(ON()), { hasEsu: false }))).toBeUndefined();
    // Not read: to be checked, never assumed fine.
    expect(epOf(planServer(ex03(null), { hasEsu: false }))?.detail).toMatch(/could not read the Extended Protection/);
  });

  it('inconsistent TLS holds the Setup: the prerequisite is not met, and the runbook fixes it first', () => {
    const plan = planServer(ex03(state(capturedVdirs('applicationHost.config'), TLS_NO_STRONG_CRYPTO)), { hasEsu: false });
    const tls = plan.steps.find(s => s.kind === 'in-place-upgrade')?.prerequisites.find(p => p.id === 'tls-consistent');
    expect(tls).toMatchObject({ met: false });
    expect(tls?.detail).toMatch(/SchUseStrongCrypto is not set/);
  });

  it('keeping it off is a choice that changes the Setup command; the front-end EWS switch repeats on every later Setup', () => {
    const off = planServer(ex03(OFF()), { hasEsu: false, extendedProtectionChoice: 'keep-off' });
    const upgrade = off.steps.find(s => s.kind === 'in-place-upgrade');
    expect(upgrade?.commands).toEqual(['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade /DoNotEnableEP']);
    expect(upgrade?.prerequisites.find(p => p.id === 'extended-protection')).toMatchObject({ met: true });
    // Kept off, TLS does not hold the Setup.
    expect(upgrade?.prerequisites.some(p => p.id === 'tls-consistent')).toBe(false);
    const feews = planServer(planInput('15.2.986.42', { extendedProtection: OFF() }), { hasEsu: false, extendedProtectionChoice: 'keep-off-front-end-ews' });
    expect(feews.steps.filter(s => s.commands?.some(c => c.includes('/Mode:Upgrade'))).map(s => s.commands?.[0])).toEqual([
      'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade /DoNotEnableEP_FEEWS',
      'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /Mode:Upgrade /DoNotEnableEP_FEEWS',
    ]);
  });

  it('the organisation plan takes the choice per server name, in any case', () => {
    const plan = planOrganisation([ex03(OFF())], { hasEsu: false, catalog, today, extendedProtectionChoices: { ex03: 'keep-off' } });
    expect(plan.servers[0]?.steps.find(s => s.kind === 'in-place-upgrade')?.commands?.[0]).toMatch(/\/DoNotEnableEP$/);
  });

  it('TLS versions that differ between servers are a TLS problem of each', () => {
    const tls10: TlsFacts = {
      ...TLS_GOOD,
      versions: TLS_GOOD.versions.map(v => (v.version === '1.0' ? { ...v, serverEnabled: true, clientEnabled: true, serverDisabledByDefault: false, clientDisabledByDefault: false } : v)),
    };
    const plan = planOrganisation([ex03(OFF()), planInput('15.2.1544.33', { serverName: 'EX05', extendedProtection: state(capturedVdirs('applicationHost.config'), tls10) })], {
      hasEsu: false,
      catalog,
      today,
    });
    const tls = plan.servers
      .find(p => p.serverName === 'EX03')
      ?.steps.find(s => s.kind === 'in-place-upgrade')
      ?.prerequisites.find(p => p.id === 'tls-consistent');
    expect(tls).toMatchObject({ met: false });
    expect(tls?.detail).toMatch(/TLS versions enabled differ between the Exchange servers \(EX03: 1\.2; EX05: 1\.0, 1\.2\)/);
  });
});

describe('plan simulator: Extended Protection and TLS', () => {
  const input = (ep: ExtendedProtectionState) => planInput('15.2.1544.33', { serverName: 'EX03', osBuildNumber: 20348, osProductName: null, dotNetRelease: 533325, extendedProtection: ep });
  function run(inputs: PlanInput[], choices?: Record<string, 'keep-off'>) {
    const plan = planOrganisation(inputs, { hasEsu: false, catalog, today, ...(choices ? { extendedProtectionChoices: choices } : {}) });
    const servers = plan.servers.map(p => ({ server: { name: p.serverName, fqdn: null, product: null, isEdge: false, dagName: null, redirectTarget: null }, plan: p }));
    return { sections: organisationChecklist(plan, servers, { catalog }), plan };
  }

  it('EX03 (2019 CU14, Extended Protection off) to SE: the runbook checks Extended Protection before Setup', () => {
    const inputs = [input(OFF())];
    const { sections } = run(inputs);
    expect(sections.flatMap(s => s.items).some(i => i.id === 'extended-protection')).toBe(true);
    expect(simulateRunbook(inputs, sections, { catalog, today, hasEsu: false }).problems).toEqual([]);
    // Without the check item, Setup turns it on unchecked.
    const unchecked = sections.map(s => ({ ...s, items: s.items.filter(i => i.id !== 'extended-protection') }));
    expect(simulateRunbook(inputs, unchecked, { catalog, today, hasEsu: false }).problems.join('\n')).toMatch(
      /extended-protection: Setup turns on Extended Protection and nothing checked its prerequisites/,
    );
  });

  it('inconsistent TLS: Setup is held until the fix, and is refused without it', () => {
    const inputs = [input(state(capturedVdirs('applicationHost.config'), TLS_NO_STRONG_CRYPTO))];
    const { sections } = run(inputs);
    const items = sections.flatMap(s => s.items);
    expect(items.find(i => i.id === 'fix-tls-consistent')?.kind).toBe('fix');
    expect(items.find(i => i.id === 'upgrade-exchange-se-rtm')?.heldBy).toContain('fix-tls-consistent');
    expect(simulateRunbook(inputs, sections, { catalog, today, hasEsu: false }).problems).toEqual([]);
    const unfixed = sections.map(s => ({ ...s, items: s.items.filter(i => i.kind !== 'fix') }));
    expect(simulateRunbook(inputs, unfixed, { catalog, today, hasEsu: false }).problems.join('\n')).toMatch(
      /tls-consistent: Setup turns on Extended Protection while the TLS settings the scan read are inconsistent/,
    );
  });

  it('kept off with /DoNotEnableEP: Setup runs without the check and TLS does not hold it', () => {
    const inputs = [input(state(capturedVdirs('applicationHost.config'), TLS_NO_STRONG_CRYPTO))];
    const { sections } = run(inputs, { EX03: 'keep-off' });
    const bare = sections.map(s => ({ ...s, items: s.items.filter(i => i.id !== 'extended-protection' && i.kind !== 'fix') }));
    expect(simulateRunbook(inputs, bare, { catalog, today, hasEsu: false }).problems).toEqual([]);
  });
});
