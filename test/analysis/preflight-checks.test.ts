import { describe, expect, it } from 'vitest';
import { preflightBlockers, preflightChecks, type PreflightContext } from '../../src-shared/analysis/preflight-checks';
import { cleanPreflight, healthyFacts } from './fixtures';

const setup: PreflightContext = { run: 'setup', isEdge: false, preparesAd: false, today: '2026-11-26' };
const status = (facts: ReturnType<typeof healthyFacts>, ctx = setup) => Object.fromEntries(preflightChecks(facts, ctx).map(c => [c.id, c.status]));
const withPreflight = (patch: Partial<ReturnType<typeof cleanPreflight>>) => ({ ...healthyFacts(), preflight: { ...cleanPreflight(), ...patch } });

describe('the pre-flight rules (what Setup checks right before a run)', () => {
  it('passes a clean server and says nothing when the probe did not collect it', () => {
    expect(preflightBlockers(preflightChecks(withPreflight({}), setup))).toEqual([]);
    expect(preflightChecks(healthyFacts(), setup)).toEqual([]);
  });

  it('a GPO execution policy blocks; RemoteSigned on the machine alone does not', () => {
    expect(status(withPreflight({ executionPolicy: { machinePolicy: 'AllSigned', userPolicy: 'Undefined', effective: 'AllSigned' } }))['execution-policy']).toBe('blocker');
    expect(status(withPreflight({ executionPolicy: { machinePolicy: 'Undefined', userPolicy: 'RemoteSigned', effective: 'RemoteSigned' } }))['execution-policy']).toBe('blocker');
    expect(status(withPreflight({ executionPolicy: { machinePolicy: 'Undefined', userPolicy: 'Undefined', effective: 'RemoteSigned' } }))['execution-policy']).toBe('passed');
  });

  it('ConstrainedLanguage, a watermark, Disabled Exchange services and a missing cached package block, with the fix', () => {
    const checks = preflightChecks(
      withPreflight({
        languageMode: 'ConstrainedLanguage',
        watermarks: [{ key: 'MailboxRole', watermark: 'Microsoft.Exchange.Management.Deployment.ServiceControl__Stop', action: 'BuildToBuildUpgrade' }],
        disabledExchangeServices: [{ name: 'MSExchangeTransport', status: 'Stopped', startType: 'Disabled' }],
        installerPackages: [{ displayName: 'Microsoft Exchange Server', displayVersion: '15.2.1544.4', localPackage: 'C:\\Windows\\Installer\\3a1f4b.msi', found: false }],
      }),
      setup,
    );
    const byId = new Map(checks.map(c => [c.id, c]));
    expect(byId.get('language-mode')?.status).toBe('blocker');
    expect(byId.get('install-watermark')?.fix).toMatch(/same Setup.*resumes/);
    expect(byId.get('disabled-services')?.commands).toEqual(["Set-Service -Name 'MSExchangeTransport' -StartupType Automatic", "Start-Service -Name 'MSExchangeTransport'"]);
    // The build whose media restores the package is named.
    expect(byId.get('installer-cache')?.fix).toContain('Exchange 2019 CU14');
  });

  it('Remote Registry may be stopped (trigger start) but not Disabled; MSDTC and the firewall must run', () => {
    const services = (list: Array<[string, string, string]>) => status(withPreflight({ supportServices: list.map(([name, s, t]) => ({ name, status: s, startType: t })) }))['support-services'];
    expect(
      services([
        ['RemoteRegistry', 'Stopped', 'Automatic'],
        ['MSDTC', 'Running', 'Automatic'],
        ['mpssvc', 'Running', 'Automatic'],
      ]),
    ).toBe('passed');
    expect(
      services([
        ['RemoteRegistry', 'Stopped', 'Disabled'],
        ['MSDTC', 'Running', 'Automatic'],
        ['mpssvc', 'Running', 'Automatic'],
      ]),
    ).toBe('blocker');
    expect(
      services([
        ['RemoteRegistry', 'Stopped', 'Automatic'],
        ['MSDTC', 'Stopped', 'Manual'],
        ['mpssvc', 'Running', 'Automatic'],
      ]),
    ).toBe('blocker');
  });

  it('the account: Organization Management for Setup, Schema and Enterprise Admins only when it prepares AD, with the re-logon reminder', () => {
    const account = { ...cleanPreflight().account!, schemaAdmins: false, enterpriseAdmins: false };
    expect(status(withPreflight({ account }))['account-groups']).toBe('passed');
    const checks = preflightChecks(withPreflight({ account }), { ...setup, preparesAd: true });
    const groups = checks.find(c => c.id === 'account-groups');
    expect(groups?.status).toBe('blocker');
    expect(groups?.fix).toMatch(/Schema Admins, Enterprise Admins.*sign out and in again/);
    expect(groups?.detail).toMatch(/best evidence/);
    // An SU needs only the local Administrators group.
    expect(status(withPreflight({ account: { ...account, organizationManagement: false } }), { ...setup, run: 'su' })['account-groups']).toBe('passed');
  });

  it('what could not be read is unknown with how to read it, never passed or false', () => {
    const checks = preflightChecks({ ...healthyFacts(), reboot: null, preflight: null }, setup);
    expect(checks.every(c => c.status === 'unknown')).toBe(true);
    expect(checks.every(c => c.howToRead !== null)).toBe(true);
  });

  it('an orphaned arbitration mailbox blocks a Setup run, not an SU', () => {
    const facts = withPreflight({ orphanedArbitrationMailboxes: [{ name: 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}', database: 'DB-Old' }] });
    expect(status(facts)['arbitration-mailboxes']).toBe('blocker');
    expect(status(facts, { ...setup, run: 'su' })['arbitration-mailboxes']).toBeUndefined();
  });
});
