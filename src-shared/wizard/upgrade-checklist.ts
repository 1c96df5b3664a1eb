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
import { fixItem } from './fix-items';

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
  /** Another Mailbox server to drain queues to (Redirect-Message), when one exists. */
  redirectTarget: string | null;
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
  const fixes = blockers(installSteps).map(p => fixItem(p, server.name, options.catalog));
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
    items.push({
      id: 'customisations',
      kind: 'command',
      title: 'Save customised configuration files',
      detail: 'Setup overwrites files such as web.config and EdgeTransport.exe.config. Copy any you changed, to re-apply them afterwards.',
      commands: [`Copy-Item -Path (Join-Path $exinstall 'Bin\\EdgeTransport.exe.config') -Destination 'C:\\ExchangeUpdates\\backup-EdgeTransport.exe.config'`],
      confirms: 'The copies exist under C:\\ExchangeUpdates.',
    });
  }
  const ep = installSteps.find(st => st.prerequisites.some(p => p.id === 'extended-protection'));
  if (ep) items.push(extendedProtectionItem(server.name, ep));
  items.push(rebootItem('reboot-before', server.name, 'Reboot before the update', 'Setup refuses to start while a restart is pending; restart first so none is.'));
  items.push(enterMaintenance(server, s));
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
    items.push({ ...installItem(server.name, step, file, 'upgrade', pkg), ...(heldBy.length > 0 ? { heldBy } : {}) });
    items.push(rebootItem(`reboot-after-${step.id}`, server.name, `Reboot after: ${step.title}`, isSetupStep(step) ? 'Setup finishes only after a restart, and the next Setup or update refuses to start while one is pending.' : 'The update finishes only after a restart.'));
    if (step.resultingBuild) items.push(confirmBuildItem(`confirm-${step.id}`, server.name, step.resultingBuild, step.title));
  }
  items.push(leaveMaintenance(server, s));
  items.push({
    id: 'verify-services',
    kind: 'command',
    title: 'Check that every Exchange service runs',
    detail: 'An interrupted update leaves services disabled. This lists automatic services that are not running.',
    commands: [`Get-Service MSExchange*, W3SVC, IISAdmin | Where-Object { $_.StartType -eq 'Automatic' -and $_.Status -ne 'Running' }`],
    confirms: 'The command lists nothing.',
  });
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
  const who = server.startsWith('new:') ? 'The new server' : server;
  return { id, kind: 'reboot', title, detail, commands: ['Restart-Computer'], confirms: `${who} is back up and no restart is pending.`, effect: { type: 'reboot', server }, ...(server.startsWith('new:') ? {} : { autoCheck: { id: 'restart-cleared' as const, server } }) };
}

/** The id of the item that runs a step (step ids of installs already say "install-"). */
function runItemId(step: PlanStep): string {
  return /^(install|upgrade)-/.test(step.id) ? step.id : `install-${step.id}`;
}

/** Confirms a server is on the build a step leads to (its own, never the plan's final target). */
export function confirmBuildItem(id: string, server: string, build: string, after: string): ChecklistItem {
  return {
    id,
    kind: 'verify',
    title: `Check the build after: ${after}`,
    detail: `ExSetup.exe must report ${build} before the next step. A different number means the step did not finish: read the Setup log (C:\\ExchangeSetupLogs) before going on.`,
    commands: ["(Get-Command ExSetup.exe).FileVersionInfo.FileVersion"],
    confirms: `ExSetup.exe reports ${build}.`,
    effect: { type: 'confirm-build', server, build },
    ...(server.startsWith('new:') ? {} : { autoCheck: { id: 'build-reached' as const, server, build } }),
  };
}

/** Get-FileHash of the staged file right before it runs. */
export function hashItem(server: string, step: PlanStep, pkg: UpdatePackage | null, file: string | null, downloaded: string | null): ChecklistItem {
  const path = file ?? `C:\\ExchangeUpdates\\${step.updateId ?? 'update'}\\${pkg?.fileName ?? 'file'}`;
  const expected = downloaded ?? pkg?.sha256 ?? null;
  return {
    id: `hash-${step.id}`,
    kind: 'command',
    title: `Check the file before running it: ${pkg?.fileName ?? step.updateId ?? 'the update file'}`,
    detail: `Compare the SHA-256 of the staged file with ${pkg?.sha256 ? "Microsoft's published hash" : downloaded ? `the hash recorded at download (${hashClaim(null)})` : `the hash you noted at download (${hashClaim(null)})`}. A different hash means a different file: do not run it.${file ? '' : ' Stage the file first, or adjust the path.'}`,
    commands: [`(Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(path)}).Hash`],
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
    effect: { type: 'setup', server, mode, resultingBuild: build, edge: switches.includes('/Roles:EdgeTransport') },
  };
}

function extendedProtectionItem(server: string, step: PlanStep): ChecklistItem {
  const prerequisite = step.prerequisites.find(p => p.id === 'extended-protection');
  return {
    id: 'extended-protection',
    kind: 'command',
    title: 'Check what Extended Protection needs before Setup turns it on',
    detail: prerequisite?.detail ?? '',
    commands: [
      "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa' -Name LmCompatibilityLevel -ErrorAction SilentlyContinue | Select-Object LmCompatibilityLevel",
      '.\\ExchangeExtendedProtectionManagement.ps1 -PrerequisitesCheckOnly   # from Microsoft CSS-Exchange, run in the Exchange Management Shell',
    ],
    confirms: 'LmCompatibilityLevel is 3 or more (an empty result means the default, 3), the prerequisites check reports no TLS mismatch, and nothing in front of Exchange offloads SSL; otherwise add /DoNotEnableEP to the Setup command and say why in your notes.',
    links: [LEARN.extendedProtection],
    effect: { type: 'extended-protection-check', server },
  };
}

function eemsItem(server: ChecklistServer, s: string, plan: ServerPlan): ChecklistItem {
  const honest = plan.ownBuildFixesEems ?? plan.fixesEems;
  const commands = [`Get-ExchangeServer ${s} | Format-List Name,Mitigations*`];
  if (server.isEdge) {
    return { id: 'verify-eems', kind: 'manual', title: 'No Emergency Mitigation Service on Edge', detail: 'Edge Transport servers have no EEMS: nothing to check here.', commands: [], confirms: 'Nothing to confirm.' };
  }
  return {
    id: 'verify-eems',
    kind: 'command',
    title: honest ? 'Check the Emergency Mitigation Service' : 'Check the Emergency Mitigation Service (it stays cut off)',
    detail: honest
      ? 'After the update this build meets every certificate change, so EEMS should reach Microsoft again. The connectivity test ships with Exchange.'
      : `This build still does not meet every certificate change: EEMS on this server stays cut off${plan.migration ? ' until the migration is done and the server is removed' : ''}. The test shows the current state; it is not expected to pass.`,
    commands: [...commands, `& (Join-Path $exscripts 'Test-MitigationServiceConnectivity.ps1')`],
    confirms: honest ? 'The connectivity test reports success and Mitigations* lists no blocked mitigation.' : 'You have read the result; the server stays on the list until it is replaced.',
    links: [LEARN.eems],
  };
}

function enterMaintenance(server: ChecklistServer, s: string): ChecklistItem {
  const legacyUm = /2013|2016/.test(server.product ?? '');
  if (server.isEdge) {
    return {
      id: 'maintenance-enter',
      title: 'Drain the Edge server',
      detail: 'Stop new mail from arriving through this Edge server (change the MX/connector routing or stop the transport service in the maintenance window).',
      commands: [`Set-ServerComponentState ${s} -Component ServerWideOffline -State Inactive -Requester Maintenance`],
      kind: 'command',
      confirms: 'Get-ServerComponentState shows ServerWideOffline Inactive.',
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
  return {
    id: 'maintenance-enter',
    title: 'Put the server into maintenance mode',
    detail: server.dagName
      ? `The server is a member of ${server.dagName}: its databases move to the other members first, so users keep working.`
      : 'This server has no DAG: its users lose mail access until the update is finished.',
    commands,
    kind: 'command',
    confirms: 'The last command lists every component Inactive except Monitoring and RecoveryActionsEnabled.',
  };
}

function leaveMaintenance(server: ChecklistServer, s: string): ChecklistItem {
  const legacyUm = /2013|2016/.test(server.product ?? '');
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
  commands.push(`Get-ServerComponentState ${s} | Format-Table Component, State -AutoSize`);
  return {
    id: 'maintenance-leave',
    title: 'Take the server out of maintenance mode',
    detail: server.dagName ? 'Afterwards you can rebalance the databases with RedistributeActiveDatabases.ps1 from the Exchange Scripts folder.' : 'Mail flows to this server again.',
    commands,
    kind: 'command',
    confirms: 'The last command lists every component Active.',
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
  const other = scan.servers.find(s => s.name !== server.name && s.reachable && !isEdgeTransport(s));
  return {
    name: server.name,
    fqdn: server.fqdn,
    product: server.product,
    isEdge: isEdgeTransport(server),
    dagName: server.facts?.maintenance?.dagName ?? null,
    redirectTarget: other?.fqdn ?? other?.name ?? null,
  };
}
