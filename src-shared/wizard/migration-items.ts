import type { MigrationProject } from '../knowledge/types';
import type { ChecklistItem } from './checklist-item';
import { LEARN } from './learn-links';
import { psQuote } from '../domain/powershell-quote';
import { guarded, inExchangeShell, onServer } from './runs-on';
import { READ_HYBRID, type ObservedHybrid } from '../knowledge/organisation-facts';

/**
 * The migration items that keep a small business's mail up while it moves: interim protection of
 * the old servers, the new server's prerequisites in an order that installs, Autodiscover and the
 * licence right after Setup, databases on a data volume the admin names with explicit log
 * truncation, a new DAG where the old servers had one, batched moves and hybrid. Values the scan did not read
 * (the data volume, the witness, whether the organisation is hybrid when it could not be read) are
 * asked for in the block or checked by a command with a clear "done when", never invented.
 */

/** What the section knows about the organisation around the project. */
export interface MigrationContext {
  /** DAGs the old Mailbox servers are members of (from the scan). */
  oldDags: string[];
  /** Mailbox servers already on the project's target (or bridge) product. */
  onTargetNow: string[];
  /** Mailbox servers that reach it with their own plan, before this project's moves. */
  onTargetAfterPlan: string[];
  /** Whether the organisation is hybrid, as the scan read it; absent: not read. */
  hybrid?: ObservedHybrid;
}

/** Servers left cut off for weeks while the migration runs: what protects them meanwhile. */
export function interimProtectionItem(project: MigrationProject): ChecklistItem {
  const old = project.oldServers.filter(n => !project.oldEdgeServers.includes(n));
  return {
    id: 'interim-protection',
    kind: 'command',
    title: `Protect ${old.join(', ')} meanwhile`,
    detail: `A migration takes weeks, and EEMS on ${old.join(', ')} stays cut off until then: no mitigation reaches ${old.length === 1 ? 'it' : 'them'} automatically. List what is applied now (on each old server, Get-Mitigations.ps1 in its Exchange Scripts folder shows the same in detail), apply every mitigation Microsoft publishes for a new Exchange vulnerability by hand while the project runs, and allow /ecp and /powershell only from the internal network (firewall or reverse proxy rule), never from the internet.`,
    commands: [
      `Get-ExchangeServer -Identity ${old.map(psQuote).join(', ') || "''"} | Format-List Name, MitigationsEnabled, MitigationsApplied, MitigationsBlocked`,
      `$ExternalName = Read-Host 'Public name of the Exchange server, as the internet reaches it (for example mail.contoso.com)'`,
      "foreach ($Path in '/ecp/', '/powershell/') { try { $Answer = Invoke-WebRequest -Uri ('https://' + $ExternalName + $Path) -UseBasicParsing -MaximumRedirection 0 -TimeoutSec 15; Write-Output ($Path + ' answers from outside: ' + $Answer.StatusCode) } catch { Write-Output ($Path + ' refused or unreachable from here: ' + $_.Exception.Message) } }",
    ],
    confirms:
      "You have noted the mitigations applied, subscribed to Microsoft's Exchange security announcements, and the last command, run from outside your network (a phone hotspot), shows /ecp/ and /powershell/ refused or unreachable.",
    links: [LEARN.eems],
  };
}

/**
 * The new server's prerequisites in the order that installs: Windows features first (IIS, which
 * the URL Rewrite installer refuses to run without; Setup adds the others with
 * /InstallWindowsComponents), .NET, Visual C++, Media Foundation (UCMA refuses without it), UCMA,
 * URL Rewrite; Setup after them. Each line installs or reads one of them back.
 */
export function newServerPrerequisitesItem(target: string, edgeOnly: boolean): ChecklistItem {
  const runsOn = onServer(target);
  const dotnet = (n: number) => `(Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full').Release   # ${n}. .NET`;
  const vc = (year: string, n: number) =>
    `Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*', 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' | Where-Object { $_.DisplayName -like 'Microsoft Visual C++ ${year} *x64*' } | Select-Object DisplayName, DisplayVersion   # ${n}. Visual C++ ${year}`;
  const commands = edgeOnly
    ? [dotnet(1), vc('2012', 2)]
    : [
        'Install-WindowsFeature Web-Server   # 1. Windows features: IIS now (the URL Rewrite installer needs it), the rest by Setup (/InstallWindowsComponents)',
        dotnet(2),
        vc('2012', 3),
        vc('2013', 4),
        'Install-WindowsFeature Server-Media-Foundation   # 5. Media Foundation, before UCMA',
        "Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\UCMA\\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}'   # 6. UCMA 4.0",
        "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\IIS Extensions\\URL Rewrite' -Name Version -ErrorAction SilentlyContinue   # 7. URL Rewrite",
      ];
  return {
    id: 'new-server-prerequisites',
    kind: 'command',
    title: 'Install the prerequisites',
    detail: edgeOnly
      ? 'In this order: .NET Framework 4.8.1 (4.8 on Windows Server 2019), then Visual C++ 2012 (x64); Setup adds the Windows features itself (/InstallWindowsComponents is on its command). Restart after .NET.'
      : 'In this order, restarting when an installer asks: (1) the Windows features: IIS now (the first line; the URL Rewrite installer refuses to run without it), the others Setup adds itself (its command has /InstallWindowsComponents), (2) .NET Framework 4.8.1 (4.8 on Windows Server 2019), (3) Visual C++ 2012 and (4) 2013 (x64), (5) the Media Foundation feature (the line below installs it; UCMA refuses without it), (6) UCMA 4.0 (\\UCMARedist\\Setup.exe on the Exchange media), (7) the IIS URL Rewrite module. Each line installs or reads one of them back.',
    commands: guarded(runsOn, commands),
    confirms: edgeOnly
      ? '.NET Release is 528040 or higher (4.8) or 533320 or higher (4.8.1), and Visual C++ 2012 x64 is listed; the server has been restarted.'
      : 'Web-Server reports Success (or already installed), .NET Release is 528040 or higher (4.8; Windows Server 2019 reports 528049, 2022 reports 528449) or 533320 or higher (4.8.1), both Visual C++ versions are listed, Media Foundation reports Success (or already installed), UCMA prints True and URL Rewrite shows a Version; the server has been restarted.',
    links: [LEARN.prerequisites],
    effect: { type: 'prerequisites', server: target },
    runsOn,
  };
}

/**
 * Right after Setup, before anything else: Autodiscover's SCP on the existing name (else every
 * domain-joined Outlook meets the new server's self-signed certificate within minutes), and the
 * product key (else the server runs as a 180-day trial).
 */
export function afterSetupItem(toProduct: string): ChecklistItem {
  return {
    id: 'after-setup',
    kind: 'command',
    title: 'Set Autodiscover and the product key',
    detail: `Setup publishes the new server's own name for Autodiscover (the SCP in Active Directory); domain-joined Outlook clients find it within minutes and warn about its self-signed certificate, so the first two lines set it to the name the old server uses now. Without a product key the new server runs as a 180-day trial and then stops being manageable${toProduct === 'Exchange SE' ? ' (Exchange SE RTM takes Exchange 2019 product keys)' : ''}; the Information Store service on the new server restarts for the key to take effect (its users are not on it yet).`,
    commands: [
      '(Get-ClientAccessService -Identity $Old).AutoDiscoverServiceInternalUri',
      'Set-ClientAccessService -Identity $NewServer -AutoDiscoverServiceInternalUri (Get-ClientAccessService -Identity $Old).AutoDiscoverServiceInternalUri',
      "Set-ExchangeServer -Identity $NewServer -ProductKey (Read-Host 'Product key (25 characters, with dashes)')",
      'Get-Service -ComputerName $NewServer -Name MSExchangeIS | Restart-Service',
      'Get-ExchangeServer -Identity $NewServer | Format-List Name, Edition, IsExchangeTrialEdition',
    ],
    confirms: 'Get-ClientAccessService -Identity $NewServer shows the same AutoDiscoverServiceInternalUri as the old server; IsExchangeTrialEdition is False and Edition is Standard or Enterprise.',
    links: [LEARN.clientAccessService, LEARN.systemRequirements],
    runsOn: inExchangeShell(),
  };
}

/**
 * Databases on a data volume the admin names, sized from the old ones: Setup's own database sits
 * on the system drive, where a move's transaction logs fill C: and dismount it.
 */
export function targetDatabasesItem(): ChecklistItem {
  return {
    id: 'target-databases',
    kind: 'command',
    title: 'Create databases on a data volume',
    detail:
      "Setup's own database lies on the system drive: never move mailboxes into it. The first lines list the old databases and what the data volume needs: their size, plus as much again for the transaction logs the moves write (until a backup or circular logging truncates them), plus 20 % to grow. Type the data volume when asked ($DataVolume); the loop creates one database for each old one on it, with its logs beside it, and mounts it. Each move writes about as much transaction log as the data moved: without truncation the log folder fills and the database dismounts mid-move. Either a full backup of the new databases runs every night during the moves, or circular logging is on for the moves (the last lines) and off again afterwards, followed by a full backup.",
    commands: [
      '$OldDatabases = @($OldServers | ForEach-Object { Get-MailboxDatabase -Server $_ -Status })',
      '$OldDatabases | Format-Table Name, Server, DatabaseSize, AvailableNewMailboxSpace, EdbFilePath -AutoSize',
      // The size as text ("1.5 GB (1,610,612,736 bytes)") reads the same whether EMS has Exchange's types or not.
      "$NeededGB = [math]::Ceiling(((($OldDatabases | ForEach-Object { [double](([string]$_.DatabaseSize) -replace '^.*\\(|\\sbytes\\).*$' -replace '\\D') } | Measure-Object -Sum).Sum) / 1GB) * 2.2)",
      "Write-Output ('The data volume needs at least ' + $NeededGB + ' GB free (databases, logs of the moves, 20 % to grow).')",
      "$DataVolume = Read-Host 'Data volume on the new server for databases and logs, with that much free (for example D:)'",
      "$Number = 0; foreach ($From in $OldDatabases) { $Number++; $Name = 'DB-' + $NewServer + '-' + $Number; New-MailboxDatabase -Name $Name -Server $NewServer -EdbFilePath (Join-Path $DataVolume ('ExchangeDatabases\\' + $Name + '\\' + $Name + '.edb')) -LogFolderPath (Join-Path $DataVolume ('ExchangeDatabases\\' + $Name + '\\Logs')) | Out-Null; Mount-Database -Identity $Name }",
      "$TargetDatabases = @(Get-MailboxDatabase -Server $NewServer | Where-Object { ([string]$_.EdbFilePath) -like ($DataVolume.TrimEnd('\\') + '\\*') } | ForEach-Object { $_.Name })",
      'Get-MailboxDatabase -Server $NewServer -Status | Format-Table Name, Mounted, EdbFilePath, LogFolderPath -AutoSize',
      // Log truncation is chosen, not left to chance: circular logging for the moves (a database outside a DAG takes it after a dismount and mount; nobody is on it yet).
      "foreach ($Db in $TargetDatabases) { Set-MailboxDatabase -Identity $Db -CircularLoggingEnabled $true; if ((Get-MailboxDatabase -Identity $Db).MasterType -ne 'DatabaseAvailabilityGroup') { Dismount-Database -Identity $Db -Confirm:$false; Mount-Database -Identity $Db } }   # leave out when a nightly full backup truncates the logs",
      '# After the last move: foreach ($Db in $TargetDatabases) { Set-MailboxDatabase -Identity $Db -CircularLoggingEnabled $false }, then a full backup',
    ],
    confirms:
      'Every new database is Mounted with its EdbFilePath and LogFolderPath on the data volume, the volume has the free space the fourth line named, and either CircularLoggingEnabled is True (with a reminder to turn it off after the moves) or a full backup of the new databases runs every night until the moves are done.',
    links: [LEARN.newDatabase, LEARN.mailboxMoves],
    runsOn: inExchangeShell(),
  };
}

/**
 * The old servers were a DAG: servers of different versions cannot share one, so the new servers
 * get their own DAG, witness and copies before the mailboxes move; otherwise resilience is lost.
 */
export function newDagItem(oldDags: readonly string[], newServerCount: number): ChecklistItem {
  const enough = newServerCount >= 2;
  return {
    id: 'new-dag',
    kind: 'command',
    title: 'Build a new DAG with a witness and copies',
    detail: enough
      ? `The old servers are in ${oldDags.join(', ')}; Exchange servers of different versions cannot share a DAG. Build a new one with a witness (a domain member outside the DAG, e.g. a file server) and a copy of every new database on each new server before any mailbox moves, so the new servers keep the resilience the old ones had.`
      : `The old servers are in ${oldDags.join(', ')}, but the plan has one new server: with a single server there is no DAG and no second copy. Add a second new server to keep the resilience, or accept that a failure of the new server stops mail until it is restored; these commands need two servers.`,
    commands: [
      "$NewDag = Read-Host 'Name of the new DAG'",
      "$Witness = Read-Host 'Witness server (a domain member outside the DAG, for example a file server)'",
      "$NewServers = @((Read-Host 'Names of the new Exchange servers, separated by commas') -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })",
      'New-DatabaseAvailabilityGroup -Name $NewDag -WitnessServer $Witness',
      'foreach ($Member in $NewServers) { Add-DatabaseAvailabilityGroupServer -Identity $NewDag -MailboxServer $Member }',
      'foreach ($Db in $TargetDatabases) { $Active = (Get-MailboxDatabase -Identity $Db).Server.Name; foreach ($Member in $NewServers) { if ($Member -ne $Active) { Add-MailboxDatabaseCopy -Identity $Db -MailboxServer $Member } } }',
      'Get-MailboxDatabaseCopyStatus -Server $NewServer | Format-Table Name, Status, CopyQueueLength, ReplayQueueLength, ContentIndexState -AutoSize',
    ],
    confirms: 'Every database has a copy on each new server, every copy is Healthy or Mounted with queues near 0 and ContentIndexState Healthy.',
    links: [LEARN.newDag, LEARN.dagMaintenance],
    runsOn: inExchangeShell(),
  };
}

/** The certificate of a TlsCertificateName ("<I>issuer<S>subject") in words. */
function certificateText(name: string): string {
  const m = /^<I>(.*)<S>(.*)$/.exec(name);
  return m ? `${m[2]} issued by ${m[1]}` : name;
}

/**
 * A hybrid organisation: the Hybrid Configuration Wizard again from the new server, and the TLS
 * certificate Exchange Online expects on it. Shown with the scan's evidence when the organisation
 * is hybrid, with the commands that tell when the scan could not read it, and not at all when the
 * scan read that it is not hybrid (null).
 */
export function hybridItem(hybrid?: ObservedHybrid): ChecklistItem | null {
  if (hybrid?.hybrid === false) return null;
  const receive = 'Get-ReceiveConnector -Server $Old | Where-Object { $_.TlsCertificateName } | Format-List Name, TlsCertificateName, TlsDomainCapabilities';
  // The Exchange Online half of the pair is not visible from on-premises.
  const online =
    "Exchange Online's inbound connector (its TlsSenderCertificateName) cannot be read from on-premises: compare it in the Exchange admin center (or Get-InboundConnector in Exchange Online PowerShell) with the certificate on the new server.";
  const redo = (certificate: string) =>
    `import ${certificate} (with its private key) on the new server and enable it for SMTP, run the Hybrid Configuration Wizard from the new server and choose it for the connectors, then check mail both ways. Do not remove the old servers before this is done.`;
  if (hybrid?.hybrid === true) {
    const certificate = hybrid.tlsCertificateName
      ? `the certificate Exchange Online expects for mail (${certificateText(hybrid.tlsCertificateName)}, the hybrid configuration's TlsCertificateName)`
      : 'the certificate Exchange Online trusts for mail (the TlsCertificateName of the receive connector below)';
    return {
      id: 'hybrid',
      kind: 'command',
      title: 'Run the Hybrid Configuration Wizard again from the new server',
      detail: `The scan found the organisation hybrid with Exchange Online: ${hybrid.evidence.join('; ')}. Before the old servers go, ${redo(certificate)} ${online}`,
      commands: ['Get-HybridConfiguration | Format-List Domains, SendingTransportServers, ReceivingTransportServers, TlsCertificateName', receive],
      confirms:
        'The Hybrid Configuration Wizard has run from the new server, Get-HybridConfiguration and the connectors to Exchange Online name the new server, and the certificate with that TlsCertificateName is on it with SMTP.',
      links: [LEARN.hybridWizard],
      runsOn: inExchangeShell(),
    };
  }
  const why = hybrid?.unknownWhy ? `The scan could not read whether the organisation is hybrid (${hybrid.unknownWhy})` : 'The scan did not read whether the organisation is hybrid';
  return {
    id: 'hybrid',
    kind: 'command',
    title: 'If hybrid: run the Hybrid wizard again',
    detail: `${why}; the first two commands show it. If they list a hybrid configuration or connectors to Exchange Online: ${redo('the certificate Exchange Online trusts for mail (the TlsCertificateName they show)')} ${online}`,
    commands: [...READ_HYBRID.commands, receive],
    confirms:
      'The first two commands list nothing (not hybrid: nothing to do), or the Hybrid Configuration Wizard has run from the new server, its connectors name the new server and the certificate with the TlsCertificateName above is on it with SMTP.',
    links: [LEARN.hybridWizard],
    runsOn: inExchangeShell(),
  };
}
