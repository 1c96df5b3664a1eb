import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRealPwshHost } from '../helpers/pwsh';
import { probeLab } from './helpers';

const PRODUCTS = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\UserData\\S-1-5-18\\Products';
/** The Exchange 2019 CU14 product as Windows Installer records it (its product code, reversed). */
const EXCHANGE_PRODUCT = `${PRODUCTS}\\461C2B4266EDEF444B864AD6D9E5B613\\InstallProperties`;
const CACHED = 'C:\\Windows\\Installer\\3a1f4b.msi';

/** Arbitration mailboxes and databases in the CliXml shape the remote Exchange shell returns (deserialized objects). */
function clixml(type: string, objects: Record<string, string>[]): string {
  const body = objects
    .map(
      (o, i) =>
        `  <Obj RefId="${i}">\n    <TN RefId="${i}"><T>Deserialized.${type}</T><T>Deserialized.System.Object</T></TN>\n    <Props>${Object.entries(o)
          .map(([k, v]) => `<S N="${k}">${v}</S>`)
          .join('')}</Props>\n  </Obj>`,
    )
    .join('\n');
  return `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\n${body}\n</Objs>\n`;
}

/**
 * The pre-flight section (what Exchange Setup and SetupAssist check right before a run), read by
 * the real probe through the lab from the E19 captures plus lab.json values in the shapes a real
 * server reports: a watermark from a stopped run, a cached .msi gone, execution policy set by
 * Group Policy, the account's token groups, an arbitration mailbox on a deleted database.
 */
describe('pre-flight section (real pwsh, lab)', () => {
  const real = useRealPwshHost('exwiz-preflight-');

  it('reads a stopped Setup, a missing installer package, a GPO execution policy, the groups and an orphaned arbitration mailbox', async () => {
    const mailboxes = path.join(real.scratch, 'GetMailboxArbitration.xml');
    const databases = path.join(real.scratch, 'GetMailboxDatabase.xml');
    writeFileSync(
      mailboxes,
      clixml('Microsoft.Exchange.Data.Directory.Management.Mailbox', [
        { Name: 'SystemMailbox{1f05a927-7709-4e35-9dbe-d0f608fb781a}', Database: 'Mailbox Database 0512879386' },
        { Name: 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}', Database: 'DB-Old' },
      ]),
    );
    writeFileSync(databases, clixml('Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase', [{ Name: 'Mailbox Database 0512879386' }]));
    const facts = await probeLab(real.host, {
      config: {
        registry: {
          'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\MailboxRole': { Watermark: 'Microsoft.Exchange.Management.Deployment.ServiceControl__Stop', Action: 'BuildToBuildUpgrade' },
          [EXCHANGE_PRODUCT]: { DisplayName: 'Microsoft Exchange Server', DisplayVersion: '15.2.1544.4', LocalPackage: CACHED },
          'HKLM:\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile': { Flags: 2 },
        },
        missingInstallerFiles: [CACHED],
        executionPolicy: { MachinePolicy: 'AllSigned' },
        account: {
          name: 'solo\\administrator',
          sid: 'S-1-5-21-3457391621-2341785432-1678540293-500',
          groups: [
            { name: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544' },
            { name: 'SOLO\\Schema Admins', sid: 'S-1-5-21-3457391621-2341785432-1678540293-518' },
            { name: 'SOLO\\Organization Management', sid: 'S-1-5-21-3457391621-2341785432-1678540293-1117' },
          ],
        },
        captures: { 'Exchange/GetMailboxArbitration.xml': mailboxes, 'Exchange/GetMailboxDatabase.xml': databases },
      },
    });
    // Every pre-flight part read; only Outlook Anywhere is missing from the real E19 capture (e19.test.ts reads it).
    expect(facts.sectionErrors.map(e => e.section)).toEqual(['outlook-anywhere']);
    const p = facts.preflight;
    expect(p?.watermarks).toEqual([{ key: 'MailboxRole', watermark: 'Microsoft.Exchange.Management.Deployment.ServiceControl__Stop', action: 'BuildToBuildUpgrade' }]);
    expect(p?.installerPackages).toEqual([{ displayName: 'Microsoft Exchange Server', displayVersion: '15.2.1544.4', localPackage: CACHED, found: false }]);
    expect(p?.executionPolicy).toEqual({ machinePolicy: 'AllSigned', userPolicy: 'Undefined', effective: 'AllSigned' });
    expect(p?.languageMode).toBe('FullLanguage');
    expect(p?.account).toMatchObject({ name: 'solo\\administrator', schemaAdmins: true, enterpriseAdmins: false, organizationManagement: true, localAdministrators: true });
    expect(p?.orphanedArbitrationMailboxes).toEqual([{ name: 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}', database: 'DB-Old' }]);
    // Names as the service manager spells them (the capture has "mpssvc").
    expect(p?.supportServices?.map(s => s.name.toLowerCase())).toEqual(['remoteregistry', 'msdtc', 'mpssvc']);
    // The E19 server's Exchange services are all set to start: none Disabled.
    expect(p?.disabledExchangeServices).toEqual([]);
    // The UpdateExeVolatile key with its Flags value (where SetupAssist looks) is a pending restart too.
    expect(facts.reboot?.sources).toContain('UpdateExeVolatileFlags');
  });

  it('a clean server: no watermark, the package cached, no policy from Group Policy, none of the groups', async () => {
    const facts = await probeLab(real.host, {
      config: {
        registry: { [EXCHANGE_PRODUCT]: { DisplayName: 'Microsoft Exchange Server', DisplayVersion: '15.2.986.5', LocalPackage: CACHED } },
        account: { name: 'solo\\setup', sid: 'S-1-5-21-1-2-3-1105', groups: [{ name: 'Everyone', sid: 'S-1-1-0' }] },
      },
    });
    const p = facts.preflight;
    expect(p?.watermarks).toEqual([]);
    expect(p?.installerPackages).toEqual([{ displayName: 'Microsoft Exchange Server', displayVersion: '15.2.986.5', localPackage: CACHED, found: true }]);
    // Windows Server's default: RemoteSigned on the machine, nothing from Group Policy.
    expect(p?.executionPolicy).toEqual({ machinePolicy: 'Undefined', userPolicy: 'Undefined', effective: 'RemoteSigned' });
    expect(p?.account).toMatchObject({ schemaAdmins: false, enterpriseAdmins: false, organizationManagement: false, localAdministrators: false });
    expect(facts.reboot?.sources ?? []).not.toContain('UpdateExeVolatileFlags');
  });
});
