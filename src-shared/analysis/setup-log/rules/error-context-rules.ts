import { psQuote } from '../../../domain/powershell-quote';
import { firstMatch } from '../last-run';
import { DISABLED_SERVICES_STEP, rerunStep, setupCommand } from '../recovery';
import { evidenceAt, type RunFacts } from '../run-facts';
import type { SetupLogCause } from '../types';

/** The lines from the run's first `[ERROR]` through its last `[ERROR-REFERENCE]` (`to` exclusive). */
export interface ErrorRange {
  from: number;
  to: number;
}

/** A failure recognised in the exception Setup wrote before it stopped. */
export type ErrorContextRule = (facts: RunFacts, range: ErrorRange) => SetupLogCause | null;

function find(facts: RunFacts, range: ErrorRange, pattern: RegExp, needle?: string) {
  return firstMatch(facts.run, pattern, needle, range.from, range.to);
}

const SEARCH_ROOT = 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\Search\\Ceres';

/** An arbitration mailbox's UPN is used by another object (ADConstraintViolationException, UPN not unique forest-wide). */
export const arbitrationMailboxUpn: ErrorContextRule = (facts, range) => {
  const hit = find(
    facts,
    range,
    /Microsoft\.Exchange\.Data\.Directory\.ADConstraintViolationException.+the operation failed because UPN value provided for addition\/modification is not unique forest-wide/,
    'not unique forest-wide',
  );
  if (!hit) return null;
  return {
    id: 'arbitration-mailbox-upn',
    title: "An arbitration (system) mailbox's user principal name is used by another object in the forest",
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      "Do not delete the arbitration mailboxes or their accounts: they hold the organization's system data.",
      "List their UPNs: Get-Mailbox -Arbitration | Format-Table Name,UserPrincipalName, and find the other object with the same UPN in the forest: Get-ADObject -LDAPFilter '(userPrincipalName=<that UPN>)' -Server '<a global catalog>:3268'.",
      'Change the UPN of the other object (not of the system mailbox), wait for replication.',
      rerunStep(facts),
    ],
  };
};

const CANNOT_START_SERVICE = /Cannot start service (\S+) on computer/g;

/** A service Setup starts is Disabled (Win32Exception "because it is disabled"); names the services the log names. */
export const disabledService: ErrorContextRule = (facts, range) => {
  const hit = find(
    facts,
    range,
    /System\.ComponentModel\.Win32Exception: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it/,
    'because it is disabled',
  );
  if (!hit) return null;
  const names = new Set<string>();
  for (let i = range.from; i < range.to; i++) {
    const line = facts.run.lines[i] as string;
    if (!line.includes('Cannot start service')) continue;
    for (const m of line.matchAll(CANNOT_START_SERVICE)) names.add((m[1] as string).replace(/^['"]|['"]$/g, ''));
  }
  const named = [...names];
  const serviceFix =
    named.length > 0
      ? `Set the services back to Automatic (start type Manual for those that are Manual by default): Set-Service -Name ${named.map(psQuote).join(',')} -StartupType Automatic, and check the services they depend on: Get-Service -Name ${named.map(psQuote).join(',')} -RequiredServices.`
      : "Set the Exchange services back to Automatic: Get-Service -Name 'MSExchange*','FMS','HostControllerService' | Where-Object { $_.StartType -eq 'Disabled' } | Set-Service -StartupType Automatic (check their dependencies too: W3SVC, IISAdmin, WinRM).";
  return {
    id: 'disabled-service',
    title:
      named.length > 0 ? `Setup could not start ${named.join(', ')}: the service (or one it depends on) is Disabled` : 'Setup could not start a service because it (or one it depends on) is Disabled',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      serviceFix,
      ...(named.length > 0
        ? ["Check for other Exchange services a failed run left Disabled: Get-Service -Name 'MSExchange*','FMS','HostControllerService' | Where-Object { $_.StartType -eq 'Disabled' }."]
        : []),
      'Keep an eye on them while Setup runs: a script or GPO that disables services can do it again.',
      rerunStep(facts),
    ],
  };
};

/** No more endpoints from the endpoint mapper (0x800706D9): the Windows Firewall service is stopped. */
export const endpointMapper: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /System\.Runtime\.InteropServices\.COMException \(0x800706D9\): There are no more endpoints available from the endpoint mapper/, '0x800706D9');
  if (!hit) return null;
  return {
    id: 'firewall-endpoint-mapper',
    title: 'The Windows Firewall service is not running (no more endpoints available from the endpoint mapper)',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      "Start the Windows Defender Firewall service (Setup needs it running, even if a profile is off): Set-Service -Name 'MpsSvc' -StartupType Automatic; Start-Service -Name 'MpsSvc'.",
      rerunStep(facts),
      DISABLED_SERVICES_STEP,
    ],
  };
};

const ALREADY_EXISTS = /Active Directory operation failed on (.+?)\. The object '(.+)' already exists\./;

/**
 * "The object … already exists": under `CN=Folder Hierarchies` the public-folder hierarchy object
 * is missing (Setup tries to create it where it cannot see it); elsewhere Setup could not read the
 * object it then tried to create, a permission problem.
 */
export const adObjectAlreadyExists: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, ALREADY_EXISTS, 'already exists');
  if (!hit) return null;
  const dn = hit.match[2] as string;
  if (dn.startsWith('CN=Folder Hierarchies,CN=Exchange Administrative Group')) {
    return {
      id: 'public-folder-hierarchy-missing',
      title: 'The public folder hierarchy object (msExchPFTree) is missing in Active Directory',
      evidence: [evidenceAt(facts, hit.index)],
      fix: [
        `Open ADSI Edit (Configuration partition) at ${dn}.`,
        'Create an object of class msExchPFTree there, with any common name (e.g. "Public Folders").',
        "Open the new object's properties and set msExchPFTreeType to 1.",
        'Wait for Active Directory replication.',
        rerunStep(facts),
      ],
    };
  }
  return {
    id: 'ad-permissions',
    title: 'Setup could not read or write an Active Directory object (permissions)',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      `Check the permissions on ${dn}: inheritance must be enabled and no Deny entry may apply to the account that runs Setup or to Exchange's groups (Active Directory Users and Computers, Advanced Features, Security, Advanced).`,
      'Wait for replication after correcting them.',
      rerunStep(facts),
    ],
  };
};

/** Search Foundation (InstallConfig.ps1) could not be configured, with old Fsis nodes or otherwise. */
export const searchFoundation: ErrorContextRule = (facts, range) => {
  const oldNodes = find(
    facts,
    range,
    /was run: "System\.Exception: Failure configuring SearchFoundation through InstallConfig\.ps1 - Old nodes belonging to the system 'Fsis', already exist in/,
    'Failure configuring SearchFoundation',
  );
  const any = oldNodes ?? find(facts, range, /was run: "System\.Exception: Failure configuring SearchFoundation through InstallConfig\.ps1/, 'Failure configuring SearchFoundation');
  if (!any) return null;
  const installer = `${SEARCH_ROOT}\\Installer`;
  const dataFolder = `${SEARCH_ROOT}\\HostController\\Data`;
  const common = [
    "Make sure the Microsoft Exchange Search and Microsoft Exchange Search Host Controller services are not Disabled: Set-Service -Name 'MSExchangeFastSearch','HostControllerService' -StartupType Automatic.",
    `Stop both services and remove the sub-folders of ${dataFolder}\\Nodes\\Fsis.`,
    `In an elevated PowerShell: Set-Location -LiteralPath ${psQuote(installer)}; .\\InstallConfig.ps1 -action U -DataFolder ${psQuote(dataFolder)}`,
  ];
  return {
    id: oldNodes ? 'search-foundation-old-nodes' : 'search-foundation',
    title: oldNodes ? 'Search Foundation could not be configured: old Fsis nodes from an earlier install are still there' : 'Search Foundation (the Exchange search engine) could not be configured',
    evidence: [evidenceAt(facts, any.index)],
    fix: oldNodes
      ? [...common, rerunStep(facts)]
      : [
          ...common,
          `Then install it by hand to see why it fails: .\\InstallConfig.ps1 -action I -DataFolder ${psQuote(dataFolder)} (the four noderunner.exe processes must start and stay running).`,
          rerunStep(facts),
        ],
  };
};

/** ItemNotFoundException "Cannot find path …": a folder Setup expects is missing. */
export const missingDirectory: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /System\.Management\.Automation\.ItemNotFoundException: Cannot find path '(.+?)' because it does not exist/, 'ItemNotFoundException');
  if (!hit) return null;
  const folder = hit.match[1] as string;
  return {
    id: 'missing-directory',
    title: `A folder (directory) Setup needs does not exist: ${folder}`,
    evidence: [evidenceAt(facts, hit.index)],
    fix: [`Create it: New-Item -ItemType Directory -Path ${psQuote(folder)}`, rerunStep(facts)],
  };
};

/** "Database is mandatory on UserMailbox": a system mailbox whose homeMDB is gone. */
export const missingHomeMdb: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /\[ERROR\] Database is mandatory on UserMailbox/, 'Database is mandatory on UserMailbox');
  if (!hit) return null;
  return {
    id: 'arbitration-mailbox-homemdb',
    title: 'A system (arbitration) mailbox points to a mailbox database that no longer exists (homeMDB)',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      'Find the system mailboxes without a database: Get-Mailbox -Arbitration | Format-Table Name,Database, and also Get-Mailbox -Monitoring and -AuditLog on Exchange 2016 and later.',
      'For each one without a valid database, set its homeMDB attribute (ADSI Edit, the SystemMailbox{…} user under Users) to the distinguished name of an existing mailbox database, or move it: Set-Mailbox -Arbitration -Identity <name> -Database <existing database>.',
      'Wait for replication.',
      rerunStep(facts),
    ],
  };
};

/** "Failed to mount database": Setup needs the database mounted. */
export const mountDatabaseFailure: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /was run: "System\.InvalidOperationException: Failed to mount database "(.+?)"\./, 'Failed to mount database');
  if (!hit) return null;
  const database = hit.match[1] as string;
  return {
    id: 'mount-database-failure',
    title: `Setup could not mount the mailbox database ${database}`,
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      `Find out why it does not mount (Application event log, free space on its volumes, the database state: eseutil /mh), and mount it by hand: Mount-Database -Identity ${psQuote(database)}.`,
      rerunStep(facts),
    ],
  };
};

/** A NullReferenceException in CreateOrMoveEWPGroup on the next line: the "Microsoft Exchange Security Groups" OU is gone. */
export const securityGroupsOuDeleted: ErrorContextRule = (facts, range) => {
  for (let i = range.from; i < range.to - 1; i++) {
    const line = facts.run.lines[i] as string;
    const next = facts.run.lines[i + 1] as string;
    if (
      line.includes('System.NullReferenceException: Object reference not set to an instance of an object.') &&
      next.includes('InitializeExchangeUniversalGroups.CreateOrMoveEWPGroup(ADGroup ewp, ADOrganizationalUnit usgContainer)')
    ) {
      return {
        id: 'security-groups-ou-deleted',
        title: 'The "Microsoft Exchange Security Groups" OU was deleted from the root of the domain',
        evidence: [evidenceAt(facts, i), evidenceAt(facts, i + 1)],
        fix: [
          'Restore the OU with its groups from the Active Directory Recycle Bin if it is enabled (Get-ADObject -Filter "Name -like \'Microsoft Exchange Security Groups*\'" -IncludeDeletedObjects | Restore-ADObject, then its members).',
          'Otherwise create an OU named Microsoft Exchange Security Groups at the root of the domain, then run .\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF so Setup re-creates the groups in it.',
          rerunStep(facts),
        ],
      };
    }
  }
  return null;
};

/** ServiceControl.ps1's "Reverse" error when no active Exchange service is there to stop. */
export const serviceControlReverse: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /System\.Management\.Automation\.MethodInvocationException: Exception calling "Reverse" with "1" argument/, 'Exception calling "Reverse"');
  if (!hit) return null;
  const script = find(facts, range, /ServiceControl\.ps1/, 'ServiceControl.ps1');
  if (!script) return null;
  return {
    id: 'servicecontrol-reverse',
    title: 'ServiceControl.ps1 failed on a server with no active Exchange services to stop ("Reverse" error)',
    evidence: [...new Set([script.index, hit.index])].sort((a, b) => a - b).map(i => evidenceAt(facts, i)),
    fix: [
      'Open ServiceControl.ps1 in the Exchange Bin folder (C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin) in an elevated editor; keep a copy.',
      'In the function StopServices, after the line $services = Get-ServiceToControl $Roles -Active, add: if ($services -eq $null) { return $true }',
      'Save it.',
      rerunStep(facts),
    ],
  };
};

/** A virtual directory that already exists, cannot be found, or appcmd.exe failing on one. */
export const virtualDirectoryFailure: ErrorContextRule = (facts, range) => {
  const hit =
    find(facts, range, /\[ERROR\] The virtual directory '.+' already exists under/, 'already exists under') ??
    find(facts, range, /\[ERROR\] The operation couldn't be performed because object '.+' couldn't be found on/, "couldn't be found on") ??
    (find(facts, range, /System32\\inetSrv\\appCmd\.exe/i) ? find(facts, range, /\[ERROR\] Process execution failed with exit code/, 'Process execution failed') : null);
  if (!hit) return null;
  return {
    id: 'virtual-directory-failure',
    title: 'Setup could not configure an IIS virtual directory (missing, duplicated or broken in IIS)',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      "Compare the virtual directories in Exchange and IIS on this server: Get-OwaVirtualDirectory, Get-EcpVirtualDirectory, Get-WebServicesVirtualDirectory, Get-ActiveSyncVirtualDirectory, Get-OabVirtualDirectory, Get-MapiVirtualDirectory (each with -Server and -ADPropertiesOnly), and Get-WebApplication -Site 'Default Web Site' / 'Exchange Back End'.",
      'Re-create the one that is missing or duplicated (Remove-…VirtualDirectory then New-…VirtualDirectory with the same -WebSiteName), after saving its URLs and authentication settings; check %windir%\\System32\\inetsrv\\config\\applicationHost.config is valid.',
      rerunStep(facts),
    ],
  };
};

/** ManageScheduledTask.ps1 "not recognized": Setup.exe was started from the Exchange Bin folder. */
export const installFromBin: ErrorContextRule = (facts, range) => {
  const hit = find(facts, range, /The term '.+\\V15\\Bin\\ManageScheduledTask\.ps1' is not recognized as the name of a cmdlet, function, script file, or operable program/, 'ManageScheduledTask.ps1');
  if (!hit) return null;
  return {
    id: 'setup-from-bin',
    title: "Setup was started from the Exchange Bin folder's Setup.exe, not from the Setup media",
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      'In PowerShell, "Setup.exe" without ".\\" runs the Setup.exe in the Exchange Bin folder (it is on the PATH), not the new media\'s.',
      `Change to the root of the mounted Setup media and start it from an elevated PowerShell with ".\\" in front: ${setupCommand(facts)}. It resumes from the step that failed.`,
    ],
  };
};

/** In SetupLogReviewer's order: the first that matches is the cause. */
export const ERROR_CONTEXT_RULES: readonly ErrorContextRule[] = [
  arbitrationMailboxUpn,
  disabledService,
  endpointMapper,
  adObjectAlreadyExists,
  searchFoundation,
  missingDirectory,
  missingHomeMdb,
  mountDatabaseFailure,
  securityGroupsOuDeleted,
  serviceControlReverse,
  virtualDirectoryFailure,
  installFromBin,
];
