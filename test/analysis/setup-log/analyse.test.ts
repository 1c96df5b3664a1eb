import { describe, expect, it } from 'vitest';
import { analyseSetupLog } from '../../../src-shared/analysis/setup-log/index';
import type { SetupLogAnalysis } from '../../../src-shared/analysis/setup-log/types';
import { SetupLogBuilder, withEarlierRun } from './log-builder';

/** Every evidence line of every cause is really that line of the file, as an editor numbers them. */
function expectEvidenceInFile(result: SetupLogAnalysis, text: string): void {
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  for (const cause of result.causes) {
    expect(cause.evidence.length, cause.id).toBeGreaterThan(0);
    for (const e of cause.evidence) expect(e.text, `line ${e.line}`).toBe(lines[e.line - 1]);
  }
}

function analyse(log: SetupLogBuilder): SetupLogAnalysis {
  const text = log.text();
  const result = analyseSetupLog(text);
  expectEvidenceInFile(result, text);
  return result;
}

/** The one cause of a failed run, checked to be `id` with its evidence at the marked lines. */
function expectCause(log: SetupLogBuilder, id: string, marks: string[]) {
  const result = analyse(log);
  expect(result.outcome).toBe('failed');
  expect(result.causes.map(c => c.id)).toEqual([id]);
  const cause = result.causes[0]!;
  const expected = marks.map(m => log.marked(m).at(-1)).sort((a, b) => (a ?? 0) - (b ?? 0));
  expect(cause.evidence.map(e => e.line)).toEqual(expected);
  expect(cause.fix.length).toBeGreaterThan(0);
  return cause;
}

describe('the run that is judged', () => {
  it('a good last run succeeded with no causes, even after a failed one', () => {
    const log = new SetupLogBuilder();
    log.start().readiness({ 'Rule:MSDTCStopped': 'True' }).failedRule('MSDTCStopped', 'The MSDTC service is stopped.').notCompleted();
    log.wait(3_600_000).start().readiness().progress().succeeded();
    const result = analyse(log);
    expect(result).toEqual({
      outcome: 'succeeded',
      causes: [],
      context: { user: 'CONTOSO\\Administrator', computer: 'EX01.contoso.com', domain: 'contoso.com', site: 'Default-First-Site-Name', schemaMaster: null },
    });
  });

  it('a failed last run after a good one is judged on its own lines', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:MSDTCStopped': 'True' }).notCompleted());
    expect(log.marked('success')).toHaveLength(1);
    const cause = expectCause(log, 'msdtc-stopped', ['Rule:MSDTCStopped']);
    expect(cause.fix[0]).toContain("Start-Service -Name 'MSDTC'");
  });

  it('a run that stops without the success line and without errors is incomplete', () => {
    const log = withEarlierRun(l => l.readiness().progress(3));
    expect(analyse(log)).toMatchObject({ outcome: 'incomplete', causes: [] });
  });

  it('an error Setup does not recognise still fails, with its first error and reference as evidence', () => {
    const log = withEarlierRun(l => l.readiness().progress(2).componentFailure('AllRolesCommon___1234', ['Something nobody has seen before.']));
    const cause = expectCause(log, 'unrecognised-error', ['error', 'reference', 'not-completed']);
    expect(cause.title).toContain('Something nobody has seen before.');
  });

  it('a file without a Setup run is refused', () => {
    expect(() => analyseSetupLog('hello\r\nworld\r\n')).toThrow(/no Exchange Setup run/);
  });

  it('reads LF, lone-CR and BOM text the same way', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:RebootPending': 'True' }).notCompleted());
    const crlf = analyseSetupLog(log.text());
    expect(analyseSetupLog(`\uFEFF${log.text('\n')}`)).toEqual(crlf);
    expect(analyseSetupLog(log.text('\r'))).toEqual(crlf);
  });
});

describe('readiness checks', () => {
  const table: [string, Record<string, string>, string][] = [
    ['pending restart (Windows components)', { 'Rule:PendingRebootWindowsComponents': 'True' }, 'pending-restart'],
    ['pending restart (Session Manager)', { 'Rule:RebootPending': 'True' }, 'pending-restart'],
    ['open PowerShell sessions', { 'Rule:ProcessNeedsToBeClosedOnUpgrade': 'True' }, 'powershell-sessions-open'],
    ['Remote Registry unreachable', { 'Rule:RemoteRegException': 'True' }, 'remote-registry-unreachable'],
    ['MSDTC stopped', { 'Rule:MSDTCStopped': 'True' }, 'msdtc-stopped'],
    ['URL Rewrite missing', { 'Rule:IisUrlRewriteNotInstalled': 'True' }, 'url-rewrite-missing'],
    ['schema update required', { 'Rule:SchemaUpdateRequired': 'True' }, 'schema-update-required'],
    ['organization update required', { 'Rule:GlobalUpdateRequired': 'True' }, 'organization-update-required'],
    ['not in the schema master domain', { 'Rule:NotInSchemaMasterDomain': 'True' }, 'not-in-schema-master-domain'],
    ['not in the schema master site', { 'Rule:NotInSchemaMasterSite': 'True' }, 'not-in-schema-master-site'],
    ['earlier failed run (watermark)', { 'Rule:InstallWatermark': 'True' }, 'install-watermark'],
  ];
  it.each(table)('%s', (_name, overrides, id) => {
    const log = withEarlierRun(l => l.readiness(overrides).notCompleted());
    expectCause(log, id, Object.keys(overrides));
  });

  it('takes the Failed [Rule:…] line as evidence too', () => {
    const log = withEarlierRun(l =>
      l
        .readiness({ 'Rule:PendingRebootWindowsComponents': 'True' })
        .failedRule('PendingRebootWindowsComponents', 'There is a pending reboot from a previous installation of a Windows server role or feature.', 'failed')
        .notCompleted(),
    );
    expectCause(log, 'pending-restart', ['Rule:PendingRebootWindowsComponents', 'failed']);
  });

  it('reports several readiness failures of one run together', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:MSDTCStopped': 'True', 'Rule:IisUrlRewriteNotInstalled': 'True' }).notCompleted());
    expect(analyse(log).causes.map(c => c.id)).toEqual(['msdtc-stopped', 'url-rewrite-missing']);
  });

  it('a domain controller outside the site names it and its site', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:DomainControllerIsOutOfSite': 'True', 'Setting:DomainControllerSiteName': 'Branch-Site' }).notCompleted());
    const result = analyse(log);
    expect(result.causes.map(c => c.id)).toEqual(['dc-out-of-site']);
    expect(result.causes[0]!.title).toContain('DC01.contoso.com in Branch-Site');
    expect(result.causes[0]!.evidence.map(e => e.line)).toContain(log.marked('Rule:DomainControllerIsOutOfSite').at(-1));
  });

  it('domain not prepared needs both LocalDomainIsPrepped False and DomainPrepRequired True', () => {
    const log = withEarlierRun(l => l.readiness({ 'Setting:LocalDomainIsPrepped': 'False', 'Rule:DomainPrepRequired': 'True' }).notCompleted());
    expectCause(log, 'domain-not-prepared', ['Setting:LocalDomainIsPrepped', 'Rule:DomainPrepRequired']);
    const only = withEarlierRun(l => l.readiness({ 'Setting:LocalDomainIsPrepped': 'False' }).notCompleted());
    expect(analyse(only).causes.map(c => c.id)).toEqual(['unrecognised-error']);
  });

  it('Schema Admins and Enterprise Admins when the schema must be updated', () => {
    const log = withEarlierRun(l => l.readiness({ 'Setting:SchemaAdmin': 'False', 'Setting:EnterpriseAdmin': 'False' }).notCompleted(), { updates: { schema: true } });
    const result = analyse(log);
    expect(result.causes.map(c => c.id)).toEqual(['not-schema-admin', 'not-enterprise-admin']);
    expect(result.causes[0]!.evidence.map(e => e.line)).toEqual([log.marked('schema-status').at(-1), log.marked('Setting:SchemaAdmin').at(-1)]);
    expect(result.causes[0]!.fix.join(' ')).toMatch(/log off and on again/);
  });

  it('the missing membership comes first and replaces the readiness rule that says the same', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:PendingRebootWindowsComponents': 'True', 'Rule:SchemaUpdateRequired': 'True', 'Setting:SchemaAdmin': 'False' }).notCompleted(), {
      updates: { schema: true },
    });
    expect(analyse(log).causes.map(c => c.id)).toEqual(['pending-restart', 'not-schema-admin']);
  });

  it('no membership cause when nothing needs updating', () => {
    const log = withEarlierRun(l => l.readiness({ 'Setting:SchemaAdmin': 'False', 'Setting:EnterpriseAdmin': 'False' }).progress(1).succeeded());
    expect(analyse(log).outcome).toBe('succeeded');
  });

  it('Enterprise Admins for /PrepareAD', () => {
    const log = withEarlierRun(l => l.readiness({ 'Setting:EnterpriseAdmin': 'False' }).notCompleted(), { updates: { organization: true } });
    expectCause(log, 'not-enterprise-admin', ['org-status', 'Setting:EnterpriseAdmin']);
  });

  it('Organization Management for the first delegated mailbox install', () => {
    const log = withEarlierRun(l =>
      l.readiness({ 'Setting:ExOrgAdmin': 'False', 'Rule:DelegatedMailboxFirstInstall': 'True' }, [['Setting:SidExOrgAdmins', 'S-1-5-21-3623811015-3361044348-30300820-1113']]).notCompleted(),
    );
    const cause = expectCause(log, 'not-organization-management', ['Setting:ExOrgAdmin', 'Setting:SidExOrgAdmins', 'Rule:DelegatedMailboxFirstInstall']);
    expect(cause.fix[0]).toContain('S-1-5-21-3623811015-3361044348-30300820-1113');
  });

  it("the schema master in another domain and site, from Setup's own message", () => {
    const log = withEarlierRun(
      l =>
        l
          .readiness({ 'Setting:SchemaAdmin': 'True' })
          .at(0)
          .log('Setup will attempt to use the Schema Master domain controller DC01.contoso.com', 'master')
          .log("[ERROR] Setup can't update the schema: run Setup /PrepareSchema on a computer in the domain contoso and site HQ-Site, and wait for replication to complete.", 'where')
          .notCompleted(),
      { computer: 'EX02.emea.contoso.com', site: 'Branch-Site', updates: { schema: true } },
    );
    const result = analyse(log);
    expect(result.causes.map(c => c.id)).toEqual(['not-in-schema-master-domain', 'not-in-schema-master-site']);
    expect(result.context).toMatchObject({ computer: 'EX02.emea.contoso.com', domain: 'emea.contoso.com', site: 'Branch-Site', schemaMaster: 'DC01.contoso.com' });
    expect(result.causes[0]!.evidence.map(e => e.line)).toEqual([log.marked('master').at(-1), log.marked('where').at(-1)]);
  });

  it('no Organization Management and no organization groups: /PrepareAD not run', () => {
    const log = withEarlierRun(l => l.readiness({ 'Setting:ExOrgAdmin': 'False' }).notCompleted());
    const cause = expectCause(log, 'organization-not-prepared', ['Setting:ExOrgAdmin']);
    expect(cause.fix[0]).toContain('/PrepareAD');
  });

  it("the schema master in another domain, named only by Setup's schema master line", () => {
    const log = withEarlierRun(
      l => l.readiness({ 'Setting:SchemaAdmin': 'False' }).at(0).log('Setup will attempt to use the Schema Master domain controller DC01.contoso.com', 'master').notCompleted(),
      { computer: 'EX02.emea.contoso.com', updates: { schema: true } },
    );
    const result = analyse(log);
    expect(result.causes.map(c => c.id)).toEqual(['not-schema-admin', 'not-in-schema-master-domain']);
    expect(result.causes[1]!.evidence.map(e => e.line)).toEqual([log.marked('master').at(-1)]);
    expect(result.causes[1]!.title).toContain('emea.contoso.com');
  });

  it('an Active Directory validation error', () => {
    const log = withEarlierRun(l =>
      l
        .at(0)
        .log(
          '[ERROR] Setup encountered a problem while validating the state of Active Directory: Active Directory operation failed on DC01.contoso.com. See the Exchange setup log for more information on this error.',
          'ad',
        )
        .notCompleted(),
    );
    expectCause(log, 'ad-validation-failed', ['ad']);
  });

  it('a rule no table knows that evaluated True stopped a run that never reached its tasks', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:MailboxRoleAlreadyExists': 'True' }).notCompleted());
    expectCause(log, 'readiness-check-MailboxRoleAlreadyExists', ['Rule:MailboxRoleAlreadyExists']);
  });

  it('a rule that evaluated True is not blamed when Setup stopped on a task', () => {
    const log = withEarlierRun(l => l.readiness({ 'Rule:MailboxRoleAlreadyExists': 'True' }).progress(1).componentFailure('x', ['Something nobody has seen before.']));
    expect(analyse(log).causes.map(c => c.id)).toEqual(['unrecognised-error']);
  });

  it("a readiness check no rule names is reported with Setup's message", () => {
    const log = withEarlierRun(l => l.readiness().failedRule('ShouldReRunSetupForW3SVCStartupType', 'The W3SVC service is disabled.', 'failed').notCompleted());
    expectCause(log, 'readiness-check-ShouldReRunSetupForW3SVCStartupType', ['failed']);
  });
});

describe('errors after the readiness checks', () => {
  const ref = 'AllRolesCommonServiceControl___f75a1d4bbeb24c0c8f33b9d26f0c3ba9';
  const failing = (errors: string[], continuation: string[] = [], id = ref, before: string[] = []) => withEarlierRun(l => l.readiness().progress(3).componentFailure(id, errors, continuation, before));

  it('schema import (ldif.err)', () => {
    const log = withEarlierRun(l =>
      l
        .readiness()
        .at(1)
        .log('Beginning processing Install-ExchangeSchema')
        .componentFailure('___2c2a2c2ee25347f8a1fbc7f4e5dc5b8c', [
          "There was an error while running 'ldifde.exe' to import the schema file 'C:\\Windows\\Temp\\ExchangeSetup\\Setup\\Data\\PostExchange2003_schema99.ldf'. The error code is: 8224. More details can be found in the error file: 'C:\\Users\\admin\\AppData\\Local\\Temp\\ldif.err'",
        ]),
    );
    const cause = expectCause(log, 'schema-import-failed', ['error']);
    expect(cause.fix[0]).toContain('ldif.err');
  });

  it('installer cache: names the installed build whose files are missing', () => {
    const log = failing([
      "Couldn't remove product with code 9f4a6f52-ad4b-4a8c-a2a5-2ba7ac1e7fdf. The installation source for this product is not available. Verify that the source exists and that you can access it. Error code is 1612.",
    ]);
    const cause = expectCause(log, 'installer-cache-missing', ['error']);
    expect(cause.title).toContain('15.2.1544.4');
    expect(cause.title).toContain('Exchange 2019 CU14');
  });

  it('installer cache: a product that failed with 1603', () => {
    const log = failing([
      "Installing product E:\\exchangeserver.msi failed. Fatal error during installation. Error code is 1603. Last error reported by the MSI package is 'The installation source for this product is not available.'",
    ]);
    expectCause(log, 'installer-cache-missing', ['error']);
  });

  it('arbitration mailbox UPN not unique', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); Enable-Mailbox -Arbitration" was run: "Microsoft.Exchange.Data.Directory.ADConstraintViolationException: An Active Directory Constraint Violation error occurred on DC01.contoso.com. Additional information: the operation failed because UPN value provided for addition/modification is not unique forest-wide."',
    ]);
    expectCause(log, 'arbitration-mailbox-upn', ['error']);
  });

  it('a disabled service, named in the fix with psQuote', () => {
    const log = failing(
      [
        'The following error was generated when "$error.Clear(); Start-SetupService -ServiceName MSExchangeADTopology" was run: "System.InvalidOperationException: Cannot start service MSExchangeADTopology on computer \'.\'. ---> System.ComponentModel.Win32Exception: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it',
      ],
      ['   --- End of inner exception stack trace ---'],
    );
    const cause = expectCause(log, 'disabled-service', ['error']);
    expect(cause.fix[0]).toContain("Set-Service -Name 'MSExchangeADTopology' -StartupType Automatic");
  });

  it('the firewall endpoint mapper', () => {
    const log = failing([
      'Exception calling "Apply" with "0" argument(s): "System.Runtime.InteropServices.COMException (0x800706D9): There are no more endpoints available from the endpoint mapper. (Exception from HRESULT: 0x800706D9)"',
    ]);
    const cause = expectCause(log, 'firewall-endpoint-mapper', ['error']);
    expect(cause.fix[0]).toContain("'MpsSvc'");
  });

  it('missing public folder hierarchy object', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); install-PublicFolderHierarchy" was run: "Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException: Active Directory operation failed on DC01.contoso.com. The object \'CN=Folder Hierarchies,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com\' already exists.',
    ]);
    const cause = expectCause(log, 'public-folder-hierarchy-missing', ['error']);
    expect(cause.fix.join(' ')).toContain('msExchPFTreeType');
  });

  it('an AD object Setup cannot see (permissions)', () => {
    const log = failing(["Active Directory operation failed on DC01.contoso.com. The object 'CN=Exchange Servers,OU=Microsoft Exchange Security Groups,DC=contoso,DC=com' already exists."]);
    expectCause(log, 'ad-permissions', ['error']);
  });

  it('Search Foundation with old Fsis nodes', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); & $RoleBinPath\\Search\\Ceres\\Installer\\InstallConfig.ps1 -action I" was run: "System.Exception: Failure configuring SearchFoundation through InstallConfig.ps1 - Old nodes belonging to the system \'Fsis\', already exist in C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\Search\\Ceres\\HostController\\Data\\Nodes\\Fsis.',
    ]);
    expectCause(log, 'search-foundation-old-nodes', ['error']);
  });

  it('Search Foundation, other failure', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); InstallConfig.ps1" was run: "System.Exception: Failure configuring SearchFoundation through InstallConfig.ps1 - Error: timeout waiting for nodes."',
    ]);
    const cause = expectCause(log, 'search-foundation', ['error']);
    expect(cause.fix.join(' ')).toContain("-DataFolder 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\Search\\Ceres\\HostController\\Data'");
  });

  it('a missing directory', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); Get-ChildItem" was run: "System.Management.Automation.ItemNotFoundException: Cannot find path \'D:\\Exchange\\Logging\\HttpProxy\' because it does not exist.',
    ]);
    const cause = expectCause(log, 'missing-directory', ['error']);
    expect(cause.fix[0]).toBe("Create it: New-Item -ItemType Directory -Path 'D:\\Exchange\\Logging\\HttpProxy'");
  });

  it('a system mailbox without a database (homeMDB)', () => {
    const log = failing(['Database is mandatory on UserMailbox. Property Name: Database']);
    expectCause(log, 'arbitration-mailbox-homemdb', ['error']);
  });

  it('a database that does not mount', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); Mount-Database" was run: "System.InvalidOperationException: Failed to mount database "Mailbox Database 0412". Error: An Active Manager operation failed.',
    ]);
    const cause = expectCause(log, 'mount-database-failure', ['error']);
    expect(cause.fix[0]).toContain("Mount-Database -Identity 'Mailbox Database 0412'");
  });

  it('the Microsoft Exchange Security Groups OU deleted', () => {
    const log = failing(
      ['The following error was generated when "$error.Clear(); initialize-ExchangeUniversalGroups" was run: "System.NullReferenceException: Object reference not set to an instance of an object.'],
      [],
    );
    // The two stack lines Setup writes, one after the other.
    const log2 = withEarlierRun(l =>
      l
        .readiness()
        .progress(1)
        .at(2)
        .log('[ERROR] The following error was generated when "$error.Clear(); initialize-ExchangeUniversalGroups" was run:', 'error')
        .raw('System.NullReferenceException: Object reference not set to an instance of an object.', 'null')
        .raw('   at Microsoft.Exchange.Management.Tasks.InitializeExchangeUniversalGroups.CreateOrMoveEWPGroup(ADGroup ewp, ADOrganizationalUnit usgContainer)', 'stack')
        .log('[ERROR-REFERENCE] Id=DomainGlobalConfig___ab16d6b4a1bf4f4f99e11f5e8ce3e41e Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup')
        .notCompleted(),
    );
    expect(analyse(log).causes[0]!.id).toBe('unrecognised-error');
    expectCause(log2, 'security-groups-ou-deleted', ['null', 'stack']);
  });

  it("ServiceControl.ps1's Reverse error", () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); & $RoleBinPath\\ServiceControl.ps1 Stop" was run: "System.Management.Automation.MethodInvocationException: Exception calling "Reverse" with "1" argument(s): "Value cannot be null.',
    ]);
    const cause = expectCause(log, 'servicecontrol-reverse', ['error']);
    expect(cause.fix.join(' ')).toContain('if ($services -eq $null) { return $true }');
  });

  it('a virtual directory that already exists', () => {
    const log = failing(["The virtual directory 'PowerShell' already exists under 'EX01.contoso.com/Default Web Site'."]);
    expectCause(log, 'virtual-directory-failure', ['error']);
  });

  it('a virtual directory that cannot be found', () => {
    const log = failing(["The operation couldn't be performed because object 'EX01\\owa (Default Web Site)' couldn't be found on 'DC01.contoso.com'."]);
    expectCause(log, 'virtual-directory-failure', ['error']);
  });

  it('appcmd.exe failing on a virtual directory', () => {
    const log = failing(['Process execution failed with exit code 50.'], ['C:\\Windows\\System32\\inetsrv\\appcmd.exe set config "Default Web Site/ecp"']);
    expectCause(log, 'virtual-directory-failure', ['error']);
  });

  it('Setup started from the Exchange Bin folder', () => {
    const log = failing([
      'The following error was generated when "$error.Clear(); & $RoleBinPath\\ManageScheduledTask.ps1" was run: "System.Management.Automation.CommandNotFoundException: The term \'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\ManageScheduledTask.ps1\' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
    ]);
    const cause = expectCause(log, 'setup-from-bin', ['error']);
    expect(cause.fix.join(' ')).toContain('.\\Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF');
  });

  it('FIPS configuration upgrade: access denied on FIP-FS', () => {
    const log = failing(
      ['The following error was generated when "$error.Clear(); Upgrade-FipsConfiguration" was run: "System.UnauthorizedAccessException: Access to the path is denied.'],
      [],
      'BridgeheadComponent___9FAA17C4-73D7-4E6D-9012-6274971434D5',
    );
    const cause = expectCause(log, 'fips-configuration-upgrade', ['error', 'reference']);
    expect(cause.fix[0]).toContain('FIP-FS');
  });

  it('initialize permissions of the domain', () => {
    const log = failing(
      [
        'The following error was generated when "$error.Clear(); initialize-DomainPermissions" was run: "Microsoft.Exchange.Data.Directory.ADOperationException: Active Directory operation failed on DC01.contoso.com. This error is not retriable. Additional information: Insufficient access rights to perform the operation. Active directory response: 00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0',
      ],
      [],
      'DomainGlobalConfig___27a706ffe123425f9ee60cb02b930e81',
      ['Used domain controller DC01.contoso.com to read object DC=contoso,DC=com.'],
    );
    const cause = expectCause(log, 'initialize-domain-permissions', ['error', 'reference']);
    expect(cause.fix[0]).toContain('DC=contoso,DC=com');
  });

  it('multiple ActiveSync virtual directories', () => {
    const log = failing(
      ["Cannot convert 'System.Object[]' to the type 'Microsoft.Exchange.Configuration.Tasks.VirtualDirectoryIdParameter' required by parameter 'Identity'. Specified method is not supported."],
      [],
      'CafeComponent___e1130a139a734d90b6c5eec88868fbe9',
    );
    const cause = expectCause(log, 'multiple-activesync-vdirs', ['error', 'reference']);
    expect(cause.fix[0]).toContain("Get-ActiveSyncVirtualDirectory -Server 'EX01'");
  });

  it('an expired certificate', () => {
    const log = withEarlierRun(l =>
      l
        .readiness()
        .progress(1)
        .at(2)
        .log("Installing certificate signed by 'CN=EX01' for site 'EX01.contoso.com/Exchange Back End'.  Certificate is valid from 1/10/2020 10:14:02 AM until 1/10/2025 10:14:02 AM.", 'cert')
        .log('[ERROR] The certificate is expired.', 'error')
        .log('[ERROR-REFERENCE] Id=ClientAccessComponent___3a1c6f7d8e2b4a5c9f0d1e2f3a4b5c6d Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup')
        .notCompleted(),
    );
    expectCause(log, 'certificate-expired', ['cert', 'error']);
  });

  it('a well-known object pointing to a deleted object', () => {
    const log = failing([
      'The well-known object entry B:32:C262A929D691B74A9E068728F8F842EA:CN=Organization Management\\0ADEL:f8a3c1be-7c2d-4a49-b5a6-0b2a2f1b9c1e,CN=Deleted Objects,DC=contoso,DC=com on the otherWellKnownObjects attribute in the container object CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com points to an invalid DN or a deleted object. Remove the entry, and then rerun the task.',
    ]);
    expectCause(log, 'well-known-object-deleted', ['error']);
  });

  it('a well-known group of the wrong type', () => {
    const log = failing([
      'The well-known object entry with the GUID "6C01D2A7F083B1499AEEA9D4A6F5B9A2", which is on the "CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com" container object\'s otherWellKnownObjects attribute, refers to a group "CN=Exchange Servers,OU=Microsoft Exchange Security Groups,DC=contoso,DC=com" of the wrong group type. Either delete the well-known object entry, or promote the target object to "Universal".',
    ]);
    const cause = expectCause(log, 'well-known-group-wrong-type', ['error']);
    expect(cause.fix[0]).toContain('Universal');
  });

  it('an organization relationship without TargetApplicationUri', () => {
    const log = withEarlierRun(l =>
      l
        .readiness({ 'Rule:DidOnPremisesSettingCreatedAnException': 'True' })
        .at(1)
        .log('Searching for urn:federation:MicrosoftOnline as the TargetApplicationUri', 'uri')
        .evaluated('Setting', 'IsHybridObjectFoundOnPremises', 'False')
        .notCompleted(),
    );
    const cause = expectCause(log, 'organization-relationship-uri', ['Rule:DidOnPremisesSettingCreatedAnException', 'uri']);
    expect(cause.fix[1]).toContain("-TargetApplicationUri 'urn:federation:MicrosoftOnline'");
  });

  it('the AD Topology service not running', () => {
    const log = withEarlierRun(l =>
      l
        .readiness()
        .progress(1)
        .at(2)
        .log('[ERROR] Unable to set shared config DC.', 'error')
        .log(
          "An error ocurred while setting shared config DC. Error: Topology Provider coundn't find the Microsoft Exchange Active Directory Topology service on end point 'TopologyClientTcpEndpoint (localhost)'.",
          'inner',
        )
        .log('[ERROR-REFERENCE] Id=AllADRolesCommonServiceControl___ee47ab1c06fb47919398e2e95ed99c6c Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup', 'reference')
        .notCompleted(),
    );
    const cause = expectCause(log, 'ad-topology-service', ['error', 'inner', 'reference']);
    expect(cause.fix[0]).toContain("Start-Service -Name 'MSExchangeADTopology'");
  });
});

describe('recovery steps', () => {
  it('say to re-run the same Setup mode elevated, and how to set back Disabled services', () => {
    const log = withEarlierRun(l =>
      l
        .readiness()
        .progress(2)
        .componentFailure('x', [
          'Exception calling "Apply" with "0" argument(s): "System.Runtime.InteropServices.COMException (0x800706D9): There are no more endpoints available from the endpoint mapper.',
        ]),
    );
    const fix = analyse(log).causes[0]!.fix.join('\n');
    expect(fix).toContain('.\\Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF');
    expect(fix).toMatch(/resumes/);
    expect(fix).toContain('Set-Service -StartupType Automatic');
  });

  it('an unknown mode never reaches the command (it is rebuilt from known switches only)', () => {
    const prepare = withEarlierRun(l => l.readiness({ 'Rule:RebootPending': 'True' }).notCompleted(), { mode: 'Upgrade; Remove-Item C:\\' });
    const fix = analyse(prepare).causes[0]!.fix.join(' ');
    expect(fix).not.toContain('Remove-Item');
    expect(fix).toContain('.\\Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF');
  });
});
