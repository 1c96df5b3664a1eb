import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import type { PlanStep, ServerPlan } from '../knowledge/types';
import { psQuote } from '../domain/powershell-quote';
import { isEdgeTransport } from '../domain/exchange-server';
import { SETUP_LICENSE_SWITCH, isInstallStep, isSetupStep } from '../knowledge/step-kinds';

/**
 * The guided upgrade checklist for one server: what to do, in order, with the
 * exact commands to copy. Pure: built from the plan, what is known about the
 * server and where its files were staged, so the same plan always gives the
 * same checklist (and the ticks saved in the session keep matching it).
 *
 * The commands are shown, never run by the wizard: the admin runs them in an
 * elevated Exchange Management Shell on the server, in a maintenance window.
 */
export interface ChecklistItem {
  /** Stable within a server's checklist (saved ticks refer to it). */
  id: string;
  title: string;
  detail: string;
  /** Commands to copy, one per line of PowerShell; empty for manual tasks. */
  commands: string[];
  /** "verify" items are confirmed by the wizard re-scanning the server. */
  kind: 'manual' | 'command' | 'verify';
}

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
  /**
   * The organisation's AD preparation commands, for the first server in the
   * plan's order only (AD is prepared once, before it); empty otherwise.
   */
  adPreparationCommands: string[];
}

export { psQuote } from '../domain/powershell-quote';

export function upgradeChecklist(server: ChecklistServer, plan: ServerPlan, options: ChecklistOptions): ChecklistItem[] {
  const installSteps = plan.steps.filter(isInstallStep);
  if (installSteps.length === 0) return [];
  const s = psQuote(server.name);
  const setupRuns = installSteps.some(isSetupStep);
  const items: ChecklistItem[] = [
    {
      id: 'backup',
      title: 'Confirm a tested backup',
      detail: 'Have a recent, tested backup of the Exchange databases and of Active Directory (system state of a domain controller). A cumulative update cannot be uninstalled.',
      commands: [],
      kind: 'manual',
    },
  ];
  if (setupRuns) {
    items.push({
      id: 'customisations',
      title: 'Save customised configuration files',
      detail: 'Setup overwrites files such as web.config and EdgeTransport.exe.config. Copy any you changed, to re-apply them afterwards.',
      commands: [`Copy-Item -Path (Join-Path $exinstall 'Bin\\EdgeTransport.exe.config') -Destination 'C:\\ExchangeUpdates\\backup-EdgeTransport.exe.config'`],
      kind: 'command',
    });
  }
  items.push({
    id: 'reboot-before',
    title: 'Reboot before the update',
    detail: 'Microsoft recommends a restart before installing, so no pending reboot blocks setup.',
    commands: ['Restart-Computer'],
    kind: 'command',
  });
  if (options.adPreparationCommands.length > 0) {
    items.push({
      id: 'prepare-ad',
      title: 'Prepare Active Directory (once for the organisation)',
      detail: 'Run from the new setup media on a machine in the schema master\'s domain and site, with Schema Admins and Enterprise Admins rights; wait for AD replication before installing.',
      commands: options.adPreparationCommands,
      kind: 'command',
    });
  }
  items.push(enterMaintenance(server, s));
  items.push({
    id: 'antivirus',
    title: 'Pause file-level antivirus scanning',
    detail: 'Microsoft recommends turning off file-level scanning during setup; turn it back on afterwards.',
    commands: [],
    kind: 'manual',
  });
  for (const step of installSteps) items.push(installItem(step, options));
  items.push({ id: 'reboot-after', title: 'Reboot after the update', detail: 'Setup and security updates finish only after a restart.', commands: ['Restart-Computer'], kind: 'command' });
  items.push(leaveMaintenance(server, s));
  items.push({
    id: 'verify-services',
    title: 'Check that every Exchange service runs',
    detail: 'An interrupted update leaves services disabled. This lists automatic services that are not running (expect none).',
    commands: [`Get-Service MSExchange*, W3SVC, IISAdmin | Where-Object { $_.StartType -eq 'Automatic' -and $_.Status -ne 'Running' }`],
    kind: 'command',
  });
  items.push({
    id: 'verify-eems',
    title: 'Check the Emergency Mitigation Service',
    detail: 'After the update, EEMS should reach Microsoft again. The connectivity test ships with Exchange.',
    commands: [`Get-ExchangeServer ${s} | Format-List Name,Mitigations*`, `& (Join-Path $exscripts 'Test-MitigationServiceConnectivity.ps1')`],
    kind: 'command',
  });
  items.push({
    id: 'reprobe',
    title: 'Re-scan the server to confirm the new build',
    detail: `The wizard reads ExSetup.exe again; the step is done when the server reports ${plan.target?.build ?? 'the planned build'}.`,
    commands: [],
    kind: 'verify',
  });
  return items;
}

function installItem(step: PlanStep, options: ChecklistOptions): ChecklistItem {
  const staged = step.updateId ? options.stagedPaths[step.updateId] : undefined;
  const file = staged ?? `C:\\ExchangeUpdates\\${step.updateId ?? 'update'}\\<file>`;
  const where = staged ? '' : ' (stage the file first, or adjust the path)';
  if (step.kind === 'install-su') {
    const isMsp = /\.msp$/i.test(file);
    return {
      id: `install-${step.id}`,
      title: step.title,
      detail: `Run from an elevated prompt: a security update started without elevation can leave OWA and ECP broken without any error${where}.`,
      commands: isMsp
        ? [`Start-Process -FilePath msiexec.exe -ArgumentList '/update', ${psQuote(file)}, '/norestart' -Verb RunAs -Wait`]
        : [`Start-Process -FilePath ${psQuote(file)} -Verb RunAs -Wait`],
      kind: 'command',
    };
  }
  return {
    id: `install-${step.id}`,
    title: step.title,
    detail: `Mount the ISO and run setup in upgrade mode from an elevated prompt (about an hour)${where}.`,
    commands: [
      `$image = Mount-DiskImage -ImagePath ${psQuote(file)} -PassThru`,
      `$drive = ($image | Get-Volume).DriveLetter`,
      `& "$($drive):\\Setup.exe" ${SETUP_LICENSE_SWITCH} /Mode:Upgrade`,
    ],
    kind: 'command',
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
  };
}

/**
 * The checklist of one server of a scan: what it knows about the server (DAG,
 * Edge, another Mailbox server to drain to), and AD preparation on the first
 * non-Edge server in the plan's order when the organisation needs it. The
 * Upgrade step and the report both use this, so they show the same items.
 */
export function checklistForScanServer(server: ServerScanResult, scan: ScanReport, stagedPaths: Record<string, string>): ChecklistItem[] {
  if (!server.plan) return [];
  const other = scan.servers.find(s => s.name !== server.name && s.reachable && !isEdgeTransport(s));
  const first = (scan.plan?.order ?? []).find(name => {
    const s = scan.servers.find(x => x.name === name);
    return s !== undefined && !isEdgeTransport(s);
  });
  const ad = scan.plan?.adPreparation;
  return upgradeChecklist(
    {
      name: server.name,
      fqdn: server.fqdn,
      product: server.product,
      isEdge: isEdgeTransport(server),
      dagName: server.facts?.maintenance?.dagName ?? null,
      redirectTarget: other?.fqdn ?? other?.name ?? null,
    },
    server.plan,
    { stagedPaths, adPreparationCommands: first === server.name && ad?.needed ? ad.commands : [] },
  );
}
