import type { MigrationProject, PlanStep } from '../knowledge/types';
import type { Catalog } from '../knowledge/catalog-schema';
import { findUpdatePackage } from '../knowledge/packages';
import { SETUP_LICENSE_SWITCH, isAdStep, stepSetupCommands, stepSetupSwitches } from '../knowledge/step-kinds';
import type { ChecklistItem, ChecklistSection } from './checklist-item';
import { LEARN } from './learn-links';
import { confirmBuildItem, hashItem, installItem, psQuote, rebootItem } from './upgrade-checklist';
import { inExchangeShell, onServer, placed } from './runs-on';
import { afterSetupItem, hybridItem, interimProtectionItem, newDagItem, newServerPrerequisitesItem, targetDatabasesItem, type MigrationContext } from './migration-items';
import { andList } from '../domain/and-list';

/** The new server of a project, as effects name it. */
export function newServerId(project: Pick<MigrationProject, 'id'>): string {
  return `new:${project.id}`;
}

/**
 * A migration project as a checklist section: the new server(s), their prerequisites and Setup,
 * then the coexistence work a small business needs, in order (certificate, URLs, mail flow,
 * mailbox and public-folder moves, system mailboxes), then removing the old servers, and (2013)
 * the in-place upgrade of the new server once they are gone. Each item links Microsoft's guidance.
 * The commands name the old servers as quoted literals and the new server through $NewServer,
 * which the first item asks for, so no placeholder has to be edited inside a command.
 */
export function migrationSection(
  project: MigrationProject,
  options: { catalog?: Catalog; stagedPaths?: Record<string, string>; adPreparedByOrganisation?: boolean; context?: Partial<MigrationContext> } = {},
): ChecklistSection {
  const context: MigrationContext = { oldDags: [], onTargetNow: [], onTargetAfterPlan: [], ...options.context };
  const adPrepared = options.adPreparedByOrganisation === true;
  const route = project.route;
  const target = newServerId(project);
  const first = `${route.newServerProduct}${route.newServerCu === 'RTM' ? '' : ` ${route.newServerCu}`}`;
  const old = project.oldServers.filter(n => !project.oldEdgeServers.includes(n));
  const oldList = `@(${old.map(psQuote).join(', ')})`;
  const template = psQuote(old[0] ?? project.oldServers[0] ?? '');
  const variables = [
    `$OldServers = ${oldList}`,
    `$Old = ${template}`,
    "$NewServer = Read-Host 'Name of the new Exchange server'",
    "$DataVolume = Read-Host 'Data volume of the new databases (for example D:); Enter while they do not exist yet'",
    // Only databases on the admin's data volume: never Setup's own database on the system drive.
    "$TargetDatabases = @(Get-MailboxDatabase -Server $NewServer | Where-Object { $DataVolume -and ([string]$_.EdbFilePath) -like ($DataVolume.TrimEnd('\\') + '\\*') } | ForEach-Object { $_.Name })",
  ];
  const nowOn = route.newServerProduct === project.toProduct ? project.toProduct : `${first} or later`;
  const reuse = [...context.onTargetNow.map(n => `${n} (on ${nowOn} now)`), ...context.onTargetAfterPlan.map(n => `${n} (on ${project.toProduct} after its own update)`)];
  const reuseText =
    reuse.length > 0
      ? ` Before you buy one: ${andList(reuse)} can take these mailboxes if ${reuse.length === 1 ? 'it has' : 'they have'} room (free disk for the mailboxes plus their logs, memory): then skip building a new server, answer that server's name wherever the items below ask for the new one, and leave out the new server's Setup.`
      : '';
  const variablesItem: ChecklistItem = {
    id: 'variables',
    kind: 'command',
    title: 'Name the servers for the commands below',
    detail:
      'Run these first in every new Exchange Management Shell window you use for the items below: they name the old servers, ask for the new one and the data volume of its databases, and list those databases.',
    commands: variables,
    confirms: '$NewServer is filled in; once the databases on the data volume exist, $TargetDatabases lists them (never the database Setup put on the system drive).',
  };
  const items: ChecklistItem[] = [
    interimProtectionItem(project),
    {
      id: 'new-server',
      kind: 'manual',
      title:
        project.newServerCount === 0
          ? `Build a new Edge Transport server for ${first}`
          : `Build ${project.newServerCount === 1 ? 'a new server' : `${project.newServerCount} new servers`} for ${first}`,
      detail: `${project.newServerCountWhy}${reuseText} Windows Server: ${route.newServerOs.join(', ')} (the newest gives the longest runway), Standard or Datacenter, joined to the domain, fully patched, in the same AD site as the old servers. Size it from Microsoft's system requirements (memory, disk, CPU) and the mailboxes it will hold, not from the old server.`,
      commands: [],
      confirms: 'The new server is joined to the domain and fully patched, and its name is known.',
      links: [LEARN.systemRequirements, LEARN.supportability, LEARN.upgradeToSe],
    },
    newServerPrerequisitesItem(target, old.length === 0),
    {
      id: 'new-server-extended-protection',
      kind: 'manual',
      title: 'Know what Extended Protection means for coexistence',
      detail: `${first} Setup turns on Extended Protection on the new server. It needs the same TLS settings on every Exchange server (old and new), no SSL offloading in front of Exchange, and LmCompatibilityLevel 3 or more. If a load balancer offloads SSL, fix that first or add /DoNotEnableEP to the Setup command (which leaves the server open to the NTLM relay attacks Extended Protection closes).`,
      commands: [],
      confirms: 'TLS settings match on all servers and nothing offloads SSL, or /DoNotEnableEP is added on purpose.',
      links: [LEARN.extendedProtection],
      effect: { type: 'extended-protection-check', server: target },
    },
    adItem(project, first, adPrepared),
    // Autodiscover and the key right after Setup: minutes, not the hours an SU install and its reboot take.
    ...rightAfterSetup(stepItems(route.newServerSteps, target, options), [variablesItem, afterSetupItem(route.toProduct)]),
    {
      id: 'certificate',
      kind: 'command',
      title: 'Move the SSL certificate to the new server',
      detail:
        "Export the old server's certificate (with its private key) and import it on the new server, then assign it to IIS and SMTP. A certificate that expires soon is the moment to renew it with the new server's names instead.",
      commands: [
        'Get-ExchangeCertificate -Server $Old | Where-Object { -not $_.IsSelfSigned } | Format-List Thumbprint, Subject, CertificateDomains, Services, NotAfter',
        "$Thumbprint = Read-Host 'Thumbprint of the certificate to move'",
        "$Password = Read-Host 'Password to protect the exported certificate' -AsSecureString",
        '$Exported = Export-ExchangeCertificate -Server $Old -Thumbprint $Thumbprint -BinaryEncoded -Password $Password',
        'Import-ExchangeCertificate -Server $NewServer -FileData $Exported.FileData -Password $Password -PrivateKeyExportable $true',
        'Enable-ExchangeCertificate -Server $NewServer -Thumbprint $Thumbprint -Services IIS, SMTP',
      ],
      confirms: 'Get-ExchangeCertificate -Server $NewServer shows the certificate with Services IIS, SMTP.',
      links: [LEARN.exportCertificate, LEARN.importCertificate],
    },
    {
      id: 'namespace',
      kind: 'command',
      title: 'Give the new server the same URLs (namespace) as the old one',
      detail:
        "Copies the internal and external URLs of every virtual directory from the old server to the new one (Autodiscover was set right after Setup), so clients see the same names. Then point DNS, the firewall's HTTPS rule and any load balancer at the new server, in a quiet hour.",
      commands: [
        'foreach ($Cmd in "Owa", "Ecp", "WebServices", "ActiveSync", "Oab", "Mapi") { $From = & "Get-$($Cmd)VirtualDirectory" -Server $Old -ADPropertiesOnly; & "Get-$($Cmd)VirtualDirectory" -Server $NewServer -ADPropertiesOnly | & "Set-$($Cmd)VirtualDirectory" -InternalUrl $From.InternalUrl -ExternalUrl $From.ExternalUrl }',
        '$Oa = Get-OutlookAnywhere -Server $Old -ADPropertiesOnly; Get-OutlookAnywhere -Server $NewServer -ADPropertiesOnly | Set-OutlookAnywhere -InternalHostname $Oa.InternalHostname -InternalClientsRequireSsl $Oa.InternalClientsRequireSsl -ExternalHostname $Oa.ExternalHostname -ExternalClientsRequireSsl $Oa.ExternalClientsRequireSsl -ExternalClientAuthenticationMethod $Oa.ExternalClientAuthenticationMethod',
      ],
      confirms: 'Get-OwaVirtualDirectory -Server $NewServer shows the same URLs as the old server; OWA opens on the new server through the usual name.',
      links: [LEARN.virtualDirectories, LEARN.clientAccessService],
    },
    {
      id: 'mail-flow',
      kind: 'command',
      title: 'Let mail flow through the new server',
      detail:
        "Add the new server to every Send connector, re-create custom Receive connectors (relay for printers and applications) on it, then move the firewall's port 25 rule (or the smart host) to the new server.",
      commands: [
        'Get-SendConnector | ForEach-Object { Set-SendConnector -Identity $_.Identity -SourceTransportServers (@($_.SourceTransportServers | ForEach-Object { $_.Name }) + $NewServer) }',
        "Get-ReceiveConnector -Server $Old | Where-Object { $_.Name -notlike 'Default*' -and $_.Name -notlike 'Client*' -and $_.Name -notlike 'Outbound Proxy*' } | Format-List Name, Bindings, RemoteIPRanges, PermissionGroups, AuthMechanism",
      ],
      confirms: 'A test message from outside and one from inside arrive through the new server (Get-MessageTrackingLog -Server $NewServer shows them).',
      links: [LEARN.sendConnectors, LEARN.receiveConnectors],
    },
    ...optional(hybridItem(context.hybrid)),
    targetDatabasesItem(),
    ...(context.oldDags.length > 0 ? [newDagItem(context.oldDags, project.newServerCount)] : []),
    ...MOVES.map(move => ({ ...move, kind: 'command' as const, effect: { type: 'move-mailboxes' as const, from: old, to: target } })),
    ...edgeItems(project),
    {
      id: 'decommission',
      kind: 'command',
      title: `Remove ${route.fromProduct} (${project.oldServers.join(', ')})`,
      detail: `When nothing is left on the old servers: remove them from the Send connectors, ${context.oldDags.length > 0 ? `then, in this order, the database copies on them, their (empty) databases, their membership of ${context.oldDags.join(', ')} and the DAG itself` : 'then their (empty) mailbox databases'}; after that each old server's own item uninstalls Exchange.`,
      commands: [
        '$OldServers | ForEach-Object { Get-Mailbox -Server $_ -ResultSize Unlimited; Get-Mailbox -Arbitration -Server $_; Get-Mailbox -PublicFolder -Server $_; Get-Mailbox -AuditLog -Server $_ }   # expect nothing',
        'Get-SendConnector | ForEach-Object { Set-SendConnector -Identity $_.Identity -SourceTransportServers @($_.SourceTransportServers | ForEach-Object { $_.Name } | Where-Object { $OldServers -notcontains $_ }) }',
        ...decommissionCommands(context.oldDags),
      ],
      confirms: 'The first command lists nothing and the Send connectors name none of the old servers.',
      links: [LEARN.removeDatabase, LEARN.upgradeToSe],
    },
    ...project.oldServers.map(name => uninstallItem(name, route.fromProduct)),
    ...stepItems(route.afterRemovalSteps, target, options),
  ];
  const via = route.newServerProduct !== route.toProduct;
  return {
    id: project.id,
    kind: 'migration',
    title: `Replace ${route.fromProduct} with ${route.toProduct}`,
    summary: `${via ? `${route.why} ` : ''}The only fix for ${route.fromProduct}: ${project.newServerCount === 1 ? 'a new server' : `${project.newServerCount} new servers`} with ${first}${via ? `, then ${route.toProduct}` : ''}, everything moved to ${project.newServerCount === 1 ? 'it' : 'them'}, then ${project.oldServers.join(', ')} removed. EEMS on the old servers stays cut off until then.`,
    server: null,
    // Everything not placed on a machine above is Exchange Management Shell work, from any EMS.
    items: items.map(i => (i.commands.length > 0 && !i.runsOn ? { ...i, runsOn: inExchangeShell() } : i)),
  };
}

/**
 * Removing the old servers' databases, and their DAG in the only order Exchange accepts: the
 * passive copies, the databases, the members, the DAG.
 */
function decommissionCommands(oldDags: readonly string[]): string[] {
  const listing = '$OldServers | ForEach-Object { Get-MailboxDatabase -Server $_ } | Format-Table Name, Server';
  const databases = '$OldServers | ForEach-Object { Get-MailboxDatabase -Server $_ } | Sort-Object Name -Unique | Remove-MailboxDatabase -Confirm:$false';
  if (oldDags.length === 0) return [listing, databases];
  const dags = `@(${oldDags.map(psQuote).join(', ')})`;
  return [
    listing,
    "$OldServers | ForEach-Object { Get-MailboxDatabaseCopyStatus -Server $_ } | Where-Object { $_.Status -ne 'Mounted' } | ForEach-Object { Remove-MailboxDatabaseCopy -Identity $_.Name -Confirm:$false }   # 1. the passive copies",
    `${databases}   # 2. the empty databases`,
    `foreach ($Dag in ${dags}) { foreach ($Member in $OldServers) { Remove-DatabaseAvailabilityGroupServer -Identity $Dag -MailboxServer $Member -Confirm:$false } }   # 3. the members`,
    `foreach ($Dag in ${dags}) { Remove-DatabaseAvailabilityGroup -Identity $Dag -Confirm:$false }   # 4. the DAG`,
  ];
}

/** The mailbox moves, in Microsoft's order: system (arbitration) mailboxes first, then users, public folders, audit logs. */
const MOVES: Omit<ChecklistItem, 'kind' | 'effect'>[] = [
  {
    id: 'move-arbitration',
    title: 'Move the arbitration (system) mailboxes first',
    detail: "The organisation's system mailboxes go to the new server before the users' mailboxes.",
    commands: [
      '$OldServers | ForEach-Object { Get-Mailbox -Arbitration -Server $_ } | New-MoveRequest -TargetDatabase $TargetDatabases[0]',
      'Get-MoveRequest | Get-MoveRequestStatistics | Format-Table DisplayName, StatusDetail, PercentComplete',
    ],
    confirms: 'Every arbitration move request shows Completed.',
    links: [LEARN.mailboxMoves, LEARN.newMoveRequest],
  },
  {
    id: 'move-mailboxes',
    title: 'Move the user mailboxes (and their archives)',
    detail:
      'Moves run in the background while users keep working; each user gets a prompt to restart Outlook at the end. Move in batches ($BatchSize mailboxes, spread over the new databases): start with a few test mailboxes, and start the next batch only when this one is Completed and the log volume still has room.',
    commands: [
      '$BatchSize = 5   # mailboxes per batch: a few to test first, then more',
      "$Next = @($OldServers | ForEach-Object { Get-Mailbox -Server $_ -ResultSize Unlimited } | Where-Object { $_.MailboxMoveStatus -eq 'None' } | Select-Object -First $BatchSize)",
      "$Number = 0; foreach ($Mailbox in $Next) { $Db = $TargetDatabases[$Number % $TargetDatabases.Count]; $Number++; New-MoveRequest -Identity $Mailbox.Identity -TargetDatabase $Db -ArchiveTargetDatabase $Db -BatchName 'Move to new server' }",
      "Get-MoveRequest -BatchName 'Move to new server' | Get-MoveRequestStatistics | Format-Table DisplayName, StatusDetail, PercentComplete",
      'Get-MoveRequest -MoveStatus Completed | Remove-MoveRequest -Confirm:$false',
    ],
    confirms: 'After the last batch no move request is left that is not Completed, and Get-Mailbox -Server $Old lists no user mailbox.',
    links: [LEARN.mailboxMoves, LEARN.newMoveRequest],
  },
  {
    id: 'move-public-folders',
    title: 'Move the public folder mailboxes',
    detail: 'Public folders live in public folder mailboxes; they move like user mailboxes. Nothing to do when the first command lists none.',
    commands: ['$OldServers | ForEach-Object { Get-Mailbox -PublicFolder -Server $_ } | New-MoveRequest -TargetDatabase $TargetDatabases[0]'],
    confirms: 'Get-Mailbox -PublicFolder -Server $Old lists nothing.',
    links: [LEARN.publicFolders, LEARN.mailboxMoves],
  },
  {
    id: 'move-system-mailboxes',
    title: 'Move the audit log and other system mailboxes',
    detail: 'Audit log mailboxes move too; monitoring mailboxes are not moved (each server creates its own, and the old ones go with the old server).',
    commands: ['$OldServers | ForEach-Object { Get-Mailbox -AuditLog -Server $_; Get-Mailbox -AuxAuditLog -Server $_ } | New-MoveRequest -TargetDatabase $TargetDatabases[0]'],
    confirms: 'Get-Mailbox -AuditLog -Server $Old and Get-Mailbox -AuxAuditLog -Server $Old list nothing.',
    links: [LEARN.mailboxMoves],
  },
];

/** Items for the new server's own plan steps: AD preparation, hash check, Setup or SU, reboot, build check. */
function stepItems(steps: readonly PlanStep[], server: string, options: { catalog?: Catalog; stagedPaths?: Record<string, string> }): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const step of steps) {
    if (isAdStep(step)) {
      items.push({
        id: step.id,
        kind: 'command',
        title: step.title,
        detail: `${step.why} Needs ${step.prerequisites.map(p => p.title).join('; ')}; wait for AD replication afterwards.`,
        commands: stepSetupCommands(step),
        runsOn: { kind: 'schema-master-site', elevated: true },
        confirms: 'Setup reports success and AD replication has finished (repadmin /replsummary shows no failures).',
        links: [LEARN.prepareAd],
        effect: { type: 'prepare-ad', switches: stepSetupSwitches(step), media: / for (.+)$/.exec(step.title)?.[1] ?? null },
      });
      continue;
    }
    const pkg = step.updateId ? findUpdatePackage(step.updateId, options.catalog) : null;
    // New-server media stays on the jump box until the new server exists: no staged path on it.
    const staged = options.stagedPaths?.[step.updateId ?? ''] ?? null;
    items.push(hashItem(server, step, pkg, staged, null));
    const install = placed(installItem(server, step, staged, step.kind === 'install-new-server' ? 'install' : 'upgrade', pkg), onServer(server));
    items.push(step.kind === 'install-new-server' ? withWindowsComponents(install) : install);
    items.push(
      rebootItem(`reboot-after-${step.id}`, server, `Reboot the new server after: ${step.title}`, 'Setup and updates finish only after a restart; the next one refuses to start while it is pending.'),
    );
    if (step.resultingBuild) items.push(confirmBuildItem(`confirm-${step.id}`, server, step.resultingBuild, step.title));
  }
  return items;
}

/** The items with `after` inserted right behind the first Setup of the new server (at the end when there is none). */
function rightAfterSetup(items: ChecklistItem[], after: ChecklistItem[]): ChecklistItem[] {
  const setup = items.findIndex(i => i.effect?.type === 'setup');
  return setup === -1 ? [...items, ...after] : [...items.slice(0, setup + 1), ...after, ...items.slice(setup + 1)];
}

/** A new server's Setup adds the Windows features it needs itself (the prerequisites item says so). */
function withWindowsComponents(item: ChecklistItem): ChecklistItem {
  return { ...item, commands: item.commands.map(c => (/Setup\.exe"? .*\/Mode:Install/i.test(c) && !c.includes('/InstallWindowsComponents') ? `${c} /InstallWindowsComponents` : c)) };
}

/**
 * Active Directory for the new server's media: prepared in the organisation's first section, or
 * already at the level (a server of that version exists, or AD said so), to be checked, never assumed.
 */
function adItem(project: MigrationProject, media: string, preparedByOrganisation: boolean): ChecklistItem {
  return {
    id: 'new-server-ad',
    kind: 'verify',
    title: `Active Directory ready for ${media}`,
    detail: preparedByOrganisation
      ? `Done in "Prepare Active Directory" (the first section), with the ${media} media, before this Setup.`
      : `The plan finds Active Directory already at the ${media} level${project.existingTargetServers.length > 0 ? ` (${project.existingTargetServers.join(', ')} already run ${project.route.newServerProduct === project.toProduct ? project.toProduct : `${media} or later`})` : ''}. Check it before Setup; if a value is lower, run /PrepareSchema, /PrepareAD and /PrepareAllDomains from the ${media} media with Schema Admins and Enterprise Admins rights and wait for replication.`,
    commands: [
      'Get-ADObject -Identity "CN=ms-Exch-Schema-Version-Pt,$((Get-ADRootDSE).schemaNamingContext)" -Properties rangeUpper | Select-Object rangeUpper',
      'Get-ADObject -SearchBase "CN=Microsoft Exchange,CN=Services,$((Get-ADRootDSE).configurationNamingContext)" -Filter "objectClass -eq \'msExchOrganizationContainer\'" -Properties objectVersion | Select-Object Name, objectVersion',
    ],
    confirms: `The values reach what ${media} needs (the Prepare Active Directory page lists them per version).`,
    links: [LEARN.prepareAd],
    runsOn: { kind: 'any-domain-machine', elevated: false },
  };
}

/** Setup /Mode:Uninstall on one old server, from its own product's media: a block for that server only. */
function uninstallItem(server: string, product: string): ChecklistItem {
  return placed(
    {
      id: `uninstall-${server}`,
      kind: 'command',
      title: `Uninstall Exchange from ${server}`,
      detail: `From the ${product} media mounted on ${server}, in an elevated PowerShell window (close every Exchange Management Shell first). Setup refuses while a database on it still holds a mailbox. Keep the server switched off for a week before deleting it.`,
      commands: [
        "$Setup = Read-Host 'Path of Setup.exe on the mounted media, for example E:\\Setup.exe'",
        `& $Setup /Mode:Uninstall ${product === 'Exchange 2013' ? '/IAcceptExchangeServerLicenseTerms' : SETUP_LICENSE_SWITCH}`,
      ],
      confirms: `Setup ends with "The Exchange Server setup operation completed successfully" and Get-ExchangeServer no longer lists ${server}.`,
      links: [LEARN.unattended],
      effect: { type: 'remove-servers', servers: [server] },
    },
    onServer(server),
  );
}

function edgeItems(project: MigrationProject): ChecklistItem[] {
  if (project.oldEdgeServers.length === 0) return [];
  return [
    {
      id: 'edge',
      kind: 'manual',
      title: `Replace the Edge Transport servers (${project.oldEdgeServers.join(', ')})`,
      detail: `Install ${project.route.toProduct} with the Edge Transport role on a new server outside the domain, subscribe it again (New-EdgeSubscription on the Edge, import the file on the new Mailbox server), move the firewall's port 25 rule to it, then remove the old Edge subscription and server.`,
      commands: [],
      confirms: 'Get-EdgeSubscription lists only the new Edge server and Test-EdgeSynchronization reports it synchronised.',
      links: [LEARN.edgeSubscriptions],
    },
  ];
}

/** "A", "A and B", "A, B and C". */
/** An item that may not apply, as a list to spread. */
function optional(item: ChecklistItem | null): ChecklistItem[] {
  return item ? [item] : [];
}
