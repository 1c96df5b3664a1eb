import { psQuote } from '../domain/powershell-quote';
import { serverKey } from '../domain/server-identity';
import type { ChecklistItem, RunsOn } from './checklist-item';

/**
 * Where a runbook command block runs, and the guard line that makes a block meant for one
 * server refuse any other machine. A block pasted into the wrong window is the commonest
 * upgrade-night mistake (a restart meant for EX01 reboots the jump box), so every block for one
 * server starts with a line that throws unless `$env:COMPUTERNAME` is that server.
 */

/** A Windows PowerShell window on the server named (elevated unless said otherwise). */
export function onServer(server: string, elevated = true): RunsOn {
  return { kind: 'server', server, elevated };
}

/** The Exchange Management Shell on the server named, because a command acts on the machine it runs on (Restart-Service, local scripts). */
export function inShellOn(server: string): RunsOn {
  return { kind: 'server', server, elevated: true, exchangeShell: true };
}

/** The Exchange Management Shell; `server` is the server the commands act on (they run from any EMS). */
export function inExchangeShell(server?: string): RunsOn {
  return server ? { kind: 'exchange-shell', server, elevated: false } : { kind: 'exchange-shell', elevated: false };
}

/** Whether the name stands for a migration's new server ("new:<project>"), whose name the plan does not know. */
export function isNewServer(server: string): boolean {
  return server.startsWith('new:');
}

/**
 * The name `$env:COMPUTERNAME` shows on the server: its NetBIOS name, the scanned name's first
 * label (Windows cuts it to 15 characters). The comparison with -ne ignores case.
 */
export function netbiosName(server: string): string {
  return serverKey(server).slice(0, 15).toUpperCase();
}

/**
 * The first line of a block meant for one server: throws on any other computer. It opens an
 * `else {` that the block's last line closes, so the block is one statement: a console paste that
 * arrives line by line (right-click in a Windows console) still runs nothing after the throw.
 * A migration's new server has no name in the plan, so its guard asks for the name instead.
 */
export function serverGuard(server: string): string {
  if (isNewServer(server)) {
    // $NewServer when this window has it already (an FQDN is cut to its first label), else asked once.
    return "if ($env:COMPUTERNAME -ne $(if ($NewServer) { ($NewServer -split '\\.')[0] } else { $NewServer = Read-Host 'Name of the new Exchange server'; ($NewServer -split '\\.')[0] })) { throw 'Run this on the new Exchange server, not on ' + $env:COMPUTERNAME } else {";
  }
  const name = netbiosName(server);
  return `if ($env:COMPUTERNAME -ne ${psQuote(name)}) { throw ${psQuote(`Run this on ${name}, not on `)} + $env:COMPUTERNAME } else {`;
}

/** The last line of a guarded block: closes the guard's `else {`. */
export const GUARD_END = '}';

/** Whether a block's commands must start with the guard: they are pasted on one named server. */
export function needsGuard(runsOn: RunsOn | undefined): runsOn is RunsOn & { server: string } {
  return runsOn?.kind === 'server' && typeof runsOn.server === 'string' && runsOn.server !== '';
}

/** The commands with the guard line in front when the block is meant for one server. */
export function guarded(runsOn: RunsOn, commands: readonly string[]): string[] {
  if (commands.length === 0 || !needsGuard(runsOn)) return [...commands];
  if (commands[0] === serverGuard(runsOn.server)) return [...commands];
  return [serverGuard(runsOn.server), ...commands, GUARD_END];
}

/** "EX01", or "the new server" for a migration's new one. */
function serverLabel(server: string): string {
  return isNewServer(server) ? 'the new server' : server;
}

/**
 * Where the block runs, as the Upgrade step, `exwiz checklist` and the report say it:
 * "Run on EX01 — elevated PowerShell", "Exchange Management Shell (acts on EX01)", "this jump box".
 */
export function runsOnLabel(runsOn: RunsOn): string {
  const window = runsOn.kind === 'server' && runsOn.exchangeShell ? 'Exchange Management Shell' : 'PowerShell';
  const elevated = runsOn.elevated ? `elevated ${window}` : window;
  switch (runsOn.kind) {
    case 'server':
      return `Run on ${serverLabel(runsOn.server ?? 'the server')} — ${elevated}`;
    case 'exchange-shell':
      return runsOn.server ? `Exchange Management Shell (acts on ${serverLabel(runsOn.server)})` : 'Exchange Management Shell, on any Exchange server';
    case 'jump-box':
      return `This jump box — ${elevated}`;
    case 'schema-master-site':
      return `A domain-joined machine in the schema master's domain and AD site — ${elevated}`;
    case 'any-domain-machine':
      return `Any domain-joined machine — ${elevated}`;
  }
}

/** The item with where its commands run, and the guard in front when that is one server. Items without commands stay as they are. */
export function placed<T extends ChecklistItem>(item: T, runsOn: RunsOn): T {
  if (item.commands.length === 0) return item;
  return { ...item, commands: guarded(runsOn, item.commands), runsOn };
}
