import { psQuote } from '../domain/powershell-quote';
import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import type { PlanStep, ServerPlan, UpdatePackage } from '../knowledge/types';
import type { Catalog } from '../knowledge/catalog-schema';
import { isInstallStep, isSetupStep, setupCommand, stepSetupSwitches } from '../knowledge/step-kinds';
import { findUpdatePackage } from '../knowledge/packages';
import { isEdgeTransport } from '../domain/exchange-server';
import { hashClaim } from '../domain/transfer';
import type { ChecklistItem } from './checklist-item';
import { LEARN } from './learn-links';
import { fixItem, preflightFixItems, resumeSetupItem } from './fix-items';
import { serverPreflight, type PreflightCheck } from './preflight';
import { compareBuilds } from '../knowledge/build-number';
import { HIERARCHY_TOO_OLD_TEXT, readSslOffloadingCommands, SSL_OFFLOADING_PREREQUISITE } from '../knowledge/extended-protection';
import { READ_PUBLIC_FOLDER_HIERARCHY } from '../knowledge/organisation-facts';
import { PUBLIC_FOLDER_HIERARCHY_PREREQUISITE } from '../knowledge/public-folder-hierarchy';
import { guarded, inExchangeShell, inShellOn, isNewServer, onServer, placed } from './runs-on';

export type { ChecklistItem } from './checklist-item';

/**
 * The guided upgrade checklist for one server: what to do, in order, with the
 * exact commands to copy. Pure: built from the plan, what is known about the
 * server and where its files were staged, so the same plan always gives the
 * same checklist (and the ticks saved in the session keep matching it).
 *
 * The commands are shown, never run by the wizard: the admin runs them in an
 * elevated Exchange Management Shell on the server, in a maintenance window.
 * Every Setup or SU run is followed by a reboot and a re-check of the build it
 * leads to (Setup's readiness checks fail on a pending reboot).
 */
export interface ChecklistServer {
  name: string;
  fqdn: string | null;
  /** 2016 and older still have the UM Call Router component. */
  product: string | null;
  isEdge: boolean;
  dagName: string | null;
  /** A healthy Mailbox server in the same AD site on the newest version, to drain queues to (Redirect-Message); null when none is known. */
  redirectTarget: string | null;
  /** The pre-flight right before its Setup (wizard/preflight.ts); blockers become fix items. */
  preflight?: PreflightCheck[];
}

export interface ChecklistOptions {
  /** Where each update file was staged on the server, by package id. */
  stagedPaths: Record<string, string>;
  /** SHA-256 of each downloaded file, by package id (the Download step's record), to check before running it. */
  fileHashes?: Record<string, string>;
  /** Where the published hashes and file names come from; default: the built-in catalog. */
  catalog?: Catalog;
}

export { psQuote };

export function upgradeChecklist(server: ChecklistServer, plan: ServerPlan, options: ChecklistOptions): ChecklistItem[] {
  const installSteps = plan.steps.filter(isInstallStep);
  if (installSteps.length === 0) return [];
  const s = psQuote(server.name);
  const setupRuns = installSteps.some(isSetupStep);
  const fixes = [...blockers(installSteps).map(p => fixItem(p, server.name, options.catalog)), ...preflightFixItems(server.preflight ?? [], server.name)];
  const heldBy = fixes.map(f => f.id);
  const items: ChecklistItem[] = [
    ...fixes,
    {
      id: 'backup',
      kind: 'manual',
      title: 'Confirm a tested backup',
      detail: 'Have a recent, tested backup of the Exchange databases and of Active Directory (system state of a domain controller). A cumulative update cannot be uninstalled.',
      commands: [],
      confirms: 'You have restored something from the backup at least once.',
    },
  ];
  if (setupRuns) {
    items.push(customisationsItem(server.name));
  }
  const ep = installSteps.find(st => st.prerequisites.some(p => p.id === 'extended-protection'));
  if (ep) items.push(placed(extendedProtectionItem(server.name, ep), inShellOn(server.name)));
  items.push(rebootItem('reboot-before', server.name, 'Reboot before the update', 'Setup refuses to start while a restart is pending; restart first so none is.'));
  items.push(enterMaintenance(server, s));
  items.push(queuesDrainedItem(server, s));
  if (server.dagName && !server.isEdge) items.push(noActiveCopyItem(server, s));
  items.push({
    id: 'antivirus',
    kind: 'manual',
    title: 'Pause file-level antivirus scanning',
    detail: 'Microsoft recommends turning off file-level scanning during setup; turn it back on afterwards.',
    commands: [],
    confirms: 'The antivirus console shows scanning paused for this server.',
  });
  for (const step of installSteps) {
    const pkg = step.updateId ? findUpdatePackage(step.updateId, options.catalog) : null;
    const file = options.stagedPaths[step.updateId ?? ''] ?? null;
    items.push(hashItem(server.name, step, pkg, file, options.fileHashes?.[step.updateId ?? ''] ?? null));
    items.push({ ...placed(resumeSetupItem(installItem(server.name, step, file, 'upgrade', pkg), server.preflight ?? []), onServer(server.name)), ...(heldBy.length > 0 ? { heldBy } : {}) });
    items.push(
      rebootItem(
        `reboot-after-${step.id}`,
        server.name,
        `Reboot after: ${step.title}`,
        isSetupStep(step) ? 'Setup finishes only after a restart, and the next Setup or update refuses to start while one is pending.' : 'The update finishes only after a restart.',
      ),
    );
    if (step.resultingBuild) items.push(confirmBuildItem(`confirm-${step.id}`, server.name, step.resultingBuild, step.title));
  }
  items.push(leaveMaintenance(server, s));
  if (server.dagName && !server.isEdge) items.push(dagCopiesHealthyItem(server, s));
  items.push(servicesItem(server.name));
  items.push(eemsItem(server, s, plan));
  const own = plan.ownFinalBuild ?? [...installSteps].reverse().find(st => st.resultingBuild)?.resultingBuild ?? null;
  items.push({
    id: 'reprobe',
    kind: 'verify',
    title: 'Re-scan the server to confirm the new build',
    detail: `The wizard reads ExSetup.exe again; the step is done when the server reports ${own ?? 'the build of its last update'}.`,
    commands: [],
    confirms: own ? `The scan reads build ${own} on ${server.name}.` : `The scan reads the build of the last update on ${server.name}.`,
    ...(own ? { effect: { type: 'confirm-build' as const, server: server.name, build: own }, autoCheck: { id: 'build-reached' as const, server: server.name, build: own } } : {}),
  });
  return items;
}

/** Prerequisites the scan found not met (false, never unknown), once each, in step order. */
function blockers(steps: readonly PlanStep[]): PlanStep['prerequisites'] {
  const seen = new Set<string>();
  const result: PlanStep['prerequisites'] = [];
  for (const step of steps) {
    for (const p of step.prerequisites) {
      if (p.met !== false || seen.has(p.id)) continue;
      seen.add(p.id);
      result.push(p);
    }
  }
  return result;
}

/** A restart of one server. */
export function rebootItem(id: string, server: string, title: string, detail: string): ChecklistItem {
  const who = isNewServer(server) ? 'The new server' : server;
  const runsOn = onServer(server);
  // Restart-Computer restarts the machine it runs on: only ever behind the guard for this server.
  return {
    id,
    kind: 'reboot',
    title,
    detail,
    commands: guarded(runsOn, ['Restart-Computer']),
    confirms: `${who} is back up and no restart is pending.`,
    effect: { type: 'reboot', server },
    runsOn,
    ...autoCheckOn(server, { id: 'restart-cleared', server }),
  };
}

/** The auto-check of an item, for a scanned server only: a migration's new server has no scan to read. */
function autoCheckOn(server: string, check: NonNullable<ChecklistItem['autoCheck']>): Pick<ChecklistItem, 'autoCheck'> {
  return isNewServer(server) ? {} : { autoCheck: check };
}

/** The id of the item that runs a step (step ids of installs already say "install-"). */
function runItemId(step: PlanStep): string {
  return /^(install|upgrade)-/.test(step.id) ? step.id : `install-${step.id}`;
}

/** Confirms a server is on the build a step leads to (its own, never the plan's final target). */
export function confirmBuildItem(id: string, server: string, build: string, after: string): ChecklistItem {
  const runsOn = onServer(server, false);
  return {
    id,
    kind: 'verify',
    title: `Check the build after: ${after}`,
    detail: `ExSetup.exe must report ${build} before the next step. A different number means the step did not finish: read the Setup log (C:\\ExchangeSetupLogs) before going on.`,
    commands: guarded(runsOn, ['(Get-Command ExSetup.exe).FileVersionInfo.FileVersion']),
    confirms: `ExSetup.exe reports ${build}.`,
    effect: { type: 'confirm-build', server, build },
    runsOn,
    ...autoCheckOn(server, { id: 'build-reached', server, build }),
  };
}

/** Get-FileHash of the staged file right before it runs. */
export function hashItem(server: string, step: PlanStep, pkg: UpdatePackage | null, file: string | null, downloaded: string | null): ChecklistItem {
  const path = file ?? `C:\\ExchangeUpdates\\${step.updateId ?? 'update'}\\${pkg?.fileName ?? 'file'}`;
  const expected = downloaded ?? pkg?.sha256 ?? null;
  const runsOn = onServer(server, false);
  return {
    runsOn,
    id: `hash-${step.id}`,
    kind: 'command',
    title: `Check the file before running it: ${pkg?.fileName ?? step.updateId ?? 'the update file'}`,
    detail: `Compare the SHA-256 of the staged file with ${pkg?.sha256 ? "Microsoft's published hash" : downloaded ? `the hash recorded at download (${hashClaim(null)})` : `the hash you noted at download (${hashClaim(null)})`}. A different hash means a different file: do not run it.${file ? '' : ' Stage the file first, or adjust the path.'}`,
    commands: guarded(runsOn, [`(Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(path)}).Hash`]),
    confirms: expected ? `The command prints ${expected.toUpperCase()}.` : 'The command prints the hash you noted at download.',
    effect: { type: 'hash-check', server, updateId: step.updateId },
  };
}

/** The item that runs Setup or an SU package for one plan step. */
export function installItem(server: string, step: PlanStep, staged: string | null, mode: 'upgrade' | 'install' = 'upgrade', pkg: UpdatePackage | null = null): ChecklistItem {
  const file = staged ?? `C:\\ExchangeUpdates\\${step.updateId ?? 'update'}\\${pkg?.fileName ?? '<file>'}`;
  const where = staged ? '' : ' (stage the file first, or adjust the path)';
  const build = step.resultingBuild ?? '';
  if (step.kind === 'install-su') {
    const isMsp = /\.msp$/i.test(file);
    return {
      id: runItemId(step),
      kind: 'command',
      title: step.title,
      detail: `Run from an elevated prompt: a security update started without elevation can leave OWA and ECP broken without any error${where}.`,
      commands: isMsp
        ? [`Start-Process -FilePath msiexec.exe -ArgumentList '/update', ${psQuote(file)}, '/norestart' -Verb RunAs -Wait`]
        : [`Start-Process -FilePath ${psQuote(file)} -Verb RunAs -Wait`],
      confirms: `The update reports success; after the restart ExSetup.exe reports ${build}.`,
      effect: { type: 'su', server, resultingBuild: build },
    };
  }
  // Built from the step's kind and typed switches, never copied from the plan's text (it may come from a file).
  const switches = stepSetupSwitches(step);
  const setupLine = setupCommand(switches.length > 0 ? switches : [mode === 'install' ? '/Mode:Install' : '/Mode:Upgrade']);
  return {
    id: runItemId(step),
    kind: 'command',
    title: step.title,
    detail: `Open a fresh elevated PowerShell window (not the Exchange Management Shell: close every EMS window first), mount the ISO and run Setup (about an hour)${where}.`,
    commands: [`$image = Mount-DiskImage -ImagePath ${psQuote(file)} -PassThru`, `$drive = ($image | Get-Volume).DriveLetter`, `& "$($drive):\\Setup.exe" ${setupLine.replace(/^Setup\.exe\s+/, '')}`],
    confirms: `Setup ends with "The Exchange Server setup operation completed successfully"; after the restart ExSetup.exe reports ${build}.`,
    links: [mode === 'install' ? LEARN.unattended : LEARN.cumulativeUpdates],
    effect: {
      type: 'setup',
      server,
      mode,
      resultingBuild: build,
      edge: switches.includes('/Roles:EdgeTransport'),
      ...(switches.includes('/DoNotEnableEP') ? { keepsExtendedProtectionOff: true } : {}),
    },
  };
}

function extendedProtectionItem(server: string, step: PlanStep): ChecklistItem {
  const prerequisite = step.prerequisites.find(p => p.id === 'extended-protection');
  // Where the public-folder hierarchy lives: read by the scan, else the admin looks it up.
  const hierarchy = step.prerequisites.find(p => p.id === PUBLIC_FOLDER_HIERARCHY_PREREQUISITE);
  const lookUp = hierarchy === undefined || hierarchy.met === null;
  // Outlook Anywhere's SSL offloading: read by the scan (its detail is said here; offloading on is a fix item), else the admin reads it.
  const ssl = step.prerequisites.find(p => p.id === SSL_OFFLOADING_PREREQUISITE);
  const readSsl = ssl !== undefined && ssl.met === null;
  const hierarchyConfirm = lookUp
    ? `, and the public-folder hierarchy mailbox (the last command) is not on a server running ${HIERARCHY_TOO_OLD_TEXT} (update that server first, or move the hierarchy mailbox)`
    : hierarchy.met === false
      ? `, and the public-folder hierarchy has moved off ${HIERARCHY_TOO_OLD_TEXT} (the scan found it there: ${hierarchy.detail})`
      : '';
  return {
    id: 'extended-protection',
    kind: 'command',
    title: 'Check what Extended Protection needs before Setup turns it on',
    detail: [prerequisite?.detail ?? '', hierarchy && !lookUp ? hierarchy.detail : '', ssl?.detail ?? ''].filter(Boolean).join(' '),
    commands: [
      "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa' -Name LmCompatibilityLevel -ErrorAction SilentlyContinue | Select-Object LmCompatibilityLevel",
      '.\\ExchangeExtendedProtectionManagement.ps1 -PrerequisitesCheckOnly   # from Microsoft CSS-Exchange, run in the Exchange Management Shell',
      // Only when the scan could not read where the public-folder hierarchy is (nothing printed: no public folders).
      ...(lookUp ? [`${READ_PUBLIC_FOLDER_HIERARCHY.commands[0]}   # nothing: no public folders`] : []),
      // Only when the scan could not read Outlook Anywhere's SSL offloading.
      ...(readSsl ? readSslOffloadingCommands(server) : []),
    ],
    confirms:
      prerequisite?.met === true
        ? 'You have read why Extended Protection stays off; the Setup command below carries /DoNotEnableEP as chosen.'
        : `LmCompatibilityLevel is 3 or more (an empty result means the default, 3), the prerequisites check reports no TLS mismatch, nothing in front of Exchange offloads SSL (bridging only with the same certificate)${readSsl ? ' and Outlook Anywhere shows SSLOffloading False' : ''}${hierarchyConfirm}; otherwise choose to keep Extended Protection off for this server (Setup then runs with /DoNotEnableEP, or /DoNotEnableEP_FEEWS for the Hybrid Agent) and say why in your notes.`,
    links: [LEARN.extendedProtection],
    effect: { type: 'extended-protection-check', server },
  };
}

/** Components that are Inactive by design on-premises: a maintenance exit never waits for them. */
const INACTIVE_ON_PREMISES = "'ForwardSyncDaemon', 'ProvisioningRps'";

/** Files Setup replaces that admins customise: transport settings, OWA/ECP web.config and the SharedWebConfig files. */
const CUSTOMISED_FILES = [
  'Bin\\EdgeTransport.exe.config',
  'FrontEnd\\HttpProxy\\SharedWebConfig.config',
  'ClientAccess\\SharedWebConfig.config',
  'FrontEnd\\HttpProxy\\owa\\web.config',
  'FrontEnd\\HttpProxy\\ecp\\web.config',
  'ClientAccess\\Owa\\web.config',
  'ClientAccess\\ecp\\web.config',
];

function customisationsItem(server: string): ChecklistItem {
  return placed(
    {
      id: 'customisations',
      kind: 'command',
      title: 'Save customised configuration files',
      detail:
        'Setup overwrites EdgeTransport.exe.config, the OWA and ECP web.config files and SharedWebConfig.config. This copies each one that exists into a dated folder, to compare and re-apply your changes afterwards.',
      commands: [
        "$Backup = Join-Path 'C:\\ExchangeUpdates' ('backup-' + (Get-Date).ToString('yyyyMMdd-HHmm', [System.Globalization.CultureInfo]::InvariantCulture))",
        'New-Item -ItemType Directory -Path $Backup -Force | Out-Null',
        `foreach ($Relative in ${CUSTOMISED_FILES.map(psQuote).join(', ')}) { $From = Join-Path $env:ExchangeInstallPath $Relative; if (Test-Path -LiteralPath $From) { Copy-Item -LiteralPath $From -Destination (Join-Path $Backup ($Relative -replace '\\\\', '_')) } }`,
        'Get-ChildItem -LiteralPath $Backup | Format-Table Name, Length, LastWriteTime -AutoSize',
      ],
      confirms: 'The last command lists EdgeTransport.exe.config and, on a Mailbox server, the web.config and SharedWebConfig.config copies.',
    },
    onServer(server),
  );
}

function eemsItem(server: ChecklistServer, s: string, plan: ServerPlan): ChecklistItem {
  const honest = plan.ownBuildFixesEems ?? plan.fixesEems;
  if (server.isEdge) {
    return {
      id: 'verify-eems',
      kind: 'manual',
      title: 'No Emergency Mitigation Service on Edge',
      detail: 'Edge Transport servers have no EEMS: nothing to check here.',
      commands: [],
      confirms: 'Nothing to confirm.',
    };
  }
  // The connectivity test and Get-Service read the machine they run on: this server's own shell.
  const item = placed(
    {
      id: 'verify-eems',
      kind: 'command',
      title: honest ? 'Check the Emergency Mitigation Service' : 'Check the Emergency Mitigation Service (it stays cut off)',
      detail: honest
        ? 'After the update this build meets every certificate change, so EEMS should reach Microsoft again. It works only when its service runs and starts automatically; the connectivity test ships with Exchange.'
        : `This build still does not meet every certificate change: EEMS on this server stays cut off${plan.migration ? ' until the migration is done and the server is removed' : ''}. The test shows the current state; it is not expected to pass.`,
      commands: [
        `Get-ExchangeServer ${s} | Format-List Name,Mitigations*`,
        'Get-Service MSExchangeMitigation | Format-List Status, StartType',
        "& (Join-Path $exscripts 'Test-MitigationServiceConnectivity.ps1')",
      ],
      confirms: honest
        ? 'MSExchangeMitigation is Running and Automatic, the connectivity test reports success and Mitigations* lists no blocked mitigation.'
        : 'You have read the result; the server stays on the list until it is replaced.',
      links: [LEARN.eems],
    },
    inShellOn(server.name),
  );
  return honest ? { ...item, autoCheck: { id: 'eems-working', server: server.name } } : item;
}

function enterMaintenance(server: ChecklistServer, s: string): ChecklistItem {
  const legacyUm = /2013|2016/.test(server.product ?? '');
  // Restart-Service and Suspend-ClusterNode act on the machine they run on: the server's own shell.
  const runsOn = inShellOn(server.name);
  const autoCheck = { id: 'maintenance-entered' as const, server: server.name };
  if (server.isEdge) {
    return {
      id: 'maintenance-enter',
      title: 'Drain the Edge server',
      detail: 'Stop new mail from arriving through this Edge server (change the MX/connector routing or stop the transport service in the maintenance window).',
      commands: guarded(runsOn, [`Set-ServerComponentState ${s} -Component ServerWideOffline -State Inactive -Requester Maintenance`]),
      kind: 'command',
      confirms: 'Get-ServerComponentState shows ServerWideOffline Inactive.',
      runsOn,
      autoCheck,
    };
  }
  const commands = [`Set-ServerComponentState ${s} -Component HubTransport -State Draining -Requester Maintenance`, 'Restart-Service MSExchangeTransport'];
  if (legacyUm) commands.push(`Set-ServerComponentState ${s} -Component UMCallRouter -State Draining -Requester Maintenance`);
  if (server.redirectTarget) commands.push(`Redirect-Message -Server ${s} -Target ${psQuote(server.redirectTarget)}`);
  if (server.dagName) {
    commands.push(
      `Get-MailboxServer ${s} | Select-Object Name, DatabaseCopyAutoActivationPolicy   # note the value to restore later`,
      `Suspend-ClusterNode ${s}`,
      `Set-MailboxServer ${s} -DatabaseCopyActivationDisabledAndMoveNow $true`,
      `Set-MailboxServer ${s} -DatabaseCopyAutoActivationPolicy Blocked`,
    );
  }
  commands.push(`Set-ServerComponentState ${s} -Component ServerWideOffline -State Inactive -Requester Maintenance`, `Get-ServerComponentState ${s} | Format-Table Component, State -AutoSize`);
  const redirect = server.redirectTarget
    ? ` Queued mail goes to ${server.redirectTarget} (a healthy server in the same AD site on the newest version).`
    : ' The scan found no other healthy Mailbox server in the same AD site to take its queued mail: it waits here until the server is back.';
  return {
    id: 'maintenance-enter',
    title: 'Put the server into maintenance mode',
    detail: `${server.dagName ? `The server is a member of ${server.dagName}: its databases move to the other members first, so users keep working.` : 'This server has no DAG: its users lose mail access until the update is finished.'}${redirect}`,
    commands: guarded(runsOn, commands),
    kind: 'command',
    confirms: 'The last command lists every component Inactive except Monitoring and RecoveryActionsEnabled.',
    runsOn,
    autoCheck,
  };
}

/** Before Setup: the transport queues empty (mail still queued here is lost to users until the server is back). */
function queuesDrainedItem(server: ChecklistServer, s: string): ChecklistItem {
  // An Edge server is outside the organisation's shell: its queues are read on the Edge itself.
  const runsOn = server.isEdge ? inShellOn(server.name) : inExchangeShell(server.name);
  return {
    id: 'queues-drained',
    kind: 'verify',
    title: 'Wait until the mail queues are empty',
    detail: 'Run it again every minute or two until it lists nothing; shadow-redundancy and poison queues do not count.',
    commands: guarded(runsOn, [
      `Get-Queue -Server ${s} | Where-Object { $_.MessageCount -gt 0 -and $_.DeliveryType -ne 'ShadowRedundancy' -and $_.Identity -notlike '*\\Poison' } | Format-Table Identity, DeliveryType, Status, MessageCount -AutoSize`,
    ]),
    confirms: 'The command lists nothing.',
    links: [LEARN.dagMaintenance],
    runsOn,
    autoCheck: { id: 'queues-drained', server: server.name },
  };
}

/** Before a DAG member's Setup: none of its database copies still mounted (active) on it. */
function noActiveCopyItem(server: ChecklistServer, s: string): ChecklistItem {
  const runsOn = inExchangeShell(server.name);
  return {
    id: 'dag-no-active-copy',
    kind: 'verify',
    title: 'Check that no database is mounted on this server',
    detail: `Maintenance mode moves the active copies to the other members of ${server.dagName ?? 'the DAG'}; Setup must not start while one is still mounted here. If one stays, move it with Move-ActiveMailboxDatabase.`,
    commands: [`Get-MailboxDatabaseCopyStatus -Server ${s} | Where-Object { $_.Status -eq 'Mounted' } | Format-Table Name, Status -AutoSize`],
    confirms: 'The command lists nothing.',
    links: [LEARN.dagMaintenance],
    runsOn,
  };
}

/** After a DAG member's update, before the next member's: its copies caught up and indexed. */
function dagCopiesHealthyItem(server: ChecklistServer, s: string): ChecklistItem {
  return {
    id: 'dag-copies-healthy',
    kind: 'verify',
    title: 'Check the database copies before the next DAG member',
    detail: `Update the next member of ${server.dagName ?? 'the DAG'} only when this one's copies have caught up: otherwise a second server down can leave a database without a healthy copy.`,
    commands: [`Get-MailboxDatabaseCopyStatus -Server ${s} | Format-Table Name, Status, CopyQueueLength, ReplayQueueLength, ContentIndexState -AutoSize`],
    confirms: 'Every copy is Healthy (or Mounted), CopyQueueLength and ReplayQueueLength are near 0 (single digits), and ContentIndexState is Healthy.',
    links: [LEARN.dagMaintenance],
    runsOn: inExchangeShell(server.name),
    autoCheck: { id: 'dag-copies-healthy', server: server.name },
  };
}

/** Every Exchange service back: a failed or interrupted update leaves them Disabled, which an "Automatic only" filter never shows. */
function servicesItem(server: string): ChecklistItem {
  const runsOn = onServer(server, false);
  return {
    id: 'verify-services',
    kind: 'command',
    title: 'Check that every Exchange service runs',
    detail:
      'An interrupted update leaves services Disabled. This lists services set to Disabled and automatic services that are not running. Set each one you did not disable on purpose back with Set-Service -StartupType Automatic, then start it.',
    commands: guarded(runsOn, [
      "Get-Service MSExchange*, W3SVC, IISAdmin, WAS | Where-Object { $_.StartType -eq 'Disabled' -or ($_.StartType -eq 'Automatic' -and $_.Status -ne 'Running') } | Format-Table Name, StartType, Status -AutoSize",
    ]),
    confirms: 'The command lists nothing (or only POP3/IMAP4 services you disabled on purpose).',
    runsOn,
    autoCheck: { id: 'services-running', server },
  };
}

function leaveMaintenance(server: ChecklistServer, s: string): ChecklistItem {
  const legacyUm = /2013|2016/.test(server.product ?? '');
  const runsOn = inShellOn(server.name);
  const commands = [`Set-ServerComponentState ${s} -Component ServerWideOffline -State Active -Requester Maintenance`];
  if (!server.isEdge) {
    if (legacyUm) commands.push(`Set-ServerComponentState ${s} -Component UMCallRouter -State Active -Requester Maintenance`);
    if (server.dagName) {
      commands.push(
        `Resume-ClusterNode ${s}`,
        `Set-MailboxServer ${s} -DatabaseCopyActivationDisabledAndMoveNow $false`,
        `Set-MailboxServer ${s} -DatabaseCopyAutoActivationPolicy Unrestricted   # or the value noted before`,
      );
    }
    commands.push(`Set-ServerComponentState ${s} -Component HubTransport -State Active -Requester Maintenance`, 'Restart-Service MSExchangeTransport');
  }
  // ForwardSyncDaemon and ProvisioningRps stay Inactive on-premises by design: not a reason to wait.
  commands.push(`Get-ServerComponentState ${s} | Where-Object { $_.State -ne 'Active' -and $_.Component -notin ${INACTIVE_ON_PREMISES} } | Format-Table Component, State -AutoSize`);
  return {
    id: 'maintenance-leave',
    title: 'Take the server out of maintenance mode',
    detail: server.dagName ? 'Afterwards you can rebalance the databases with RedistributeActiveDatabases.ps1 from the Exchange Scripts folder.' : 'Mail flows to this server again.',
    commands: guarded(runsOn, commands),
    kind: 'command',
    confirms: 'The last command lists nothing: every component is Active (ForwardSyncDaemon and ProvisioningRps are Inactive on-premises by design and left out).',
    runsOn,
    autoCheck: { id: 'maintenance-left', server: server.name },
  };
}

/**
 * The checklist of one server of a scan: what it knows about the server (DAG, Edge, another
 * Mailbox server to drain to). Active Directory preparation and migrations are sections of the
 * organisation's checklist (organisation-checklist.ts), so they never depend on which server
 * comes first. The Upgrade step and the report both use this, so they show the same items.
 */
export function checklistForScanServer(server: ServerScanResult, scan: ScanReport, stagedPaths: Record<string, string>, fileHashes: Record<string, string> = {}): ChecklistItem[] {
  if (!server.plan) return [];
  return upgradeChecklist(checklistServer(server, scan), server.plan, { stagedPaths, fileHashes });
}

/** What the checklist needs to know about a scanned server. */
export function checklistServer(server: ServerScanResult, scan: ScanReport): ChecklistServer {
  const other = redirectTarget(server, scan);
  return {
    name: server.name,
    fqdn: server.fqdn,
    product: server.product,
    isEdge: isEdgeTransport(server),
    dagName: server.facts?.maintenance?.dagName ?? null,
    redirectTarget: other?.fqdn ?? other?.name ?? null,
    preflight: serverPreflight(server),
  };
}

/**
 * Where the server's queued mail goes while it is updated (Redirect-Message): a reachable Mailbox
 * server in the same AD site (both sites read by the scan), not in maintenance, on the newest
 * build among them. None when no server is known to qualify: mail then waits on the server.
 */
export function redirectTarget(server: ServerScanResult, scan: ScanReport): ServerScanResult | null {
  const site = server.facts?.identity.site ?? null;
  if (!site) return null;
  const candidates = scan.servers.filter(s => {
    if (s.name === server.name || !s.reachable || isEdgeTransport(s) || s.facts === null) return false;
    if ((s.facts.identity.site ?? '').toLowerCase() !== site.toLowerCase()) return false;
    const inactive = s.facts.maintenance?.inactiveComponents.map(c => c.component) ?? null;
    // Maintenance state unread is not "healthy"; a drained or offline server cannot take mail.
    return inactive !== null && !inactive.some(c => c === 'ServerWideOffline' || c === 'HubTransport');
  });
  return [...candidates].sort((a, b) => compareBuilds(b.build ?? '0', a.build ?? '0'))[0] ?? null;
}
