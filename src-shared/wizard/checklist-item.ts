/**
 * One item of the upgrade runbook, as the Upgrade step, the report and `exwiz checklist` show it.
 * The commands are shown, never run by the wizard: the admin runs them on the server named.
 */
export interface ChecklistItem {
  /** Stable within its checklist (saved ticks refer to it). */
  id: string;
  kind: ChecklistItemKind;
  title: string;
  detail: string;
  /** Commands to copy, one per line of PowerShell; empty for manual tasks. */
  commands: string[];
  /** What shows the item is done: the build a re-scan must read, or the output to expect. */
  confirms: string;
  /** Microsoft's guidance for the item (allow-listed hosts only). */
  links?: ChecklistLink[];
  /**
   * Ids of "fix before you start" items this one waits for: the wizard holds it until a re-scan
   * shows them met.
   */
  heldBy?: string[];
  /** What the item does to the server or the organisation, for the plan simulator. */
  effect?: ChecklistEffect;
}

/**
 * - fix: a blocker the scan found, to fix before the update ("Fix before you start");
 * - reboot: a restart (Setup and SUs need one before and after);
 * - verify: confirmed by the wizard re-scanning the server;
 * - command / manual: the rest.
 */
export type ChecklistItemKind = 'fix' | 'manual' | 'command' | 'reboot' | 'verify';

export interface ChecklistLink {
  title: string;
  url: string;
}

/** The machine-readable part of an item. `server` is the scanned server's name, or "new:<project>" for a migration's new server. */
export type ChecklistEffect =
  | { type: 'setup'; server: string; mode: 'upgrade' | 'install'; resultingBuild: string; edge: boolean }
  | { type: 'su'; server: string; resultingBuild: string }
  | { type: 'reboot'; server: string }
  | { type: 'hash-check'; server: string; updateId: string | null }
  | { type: 'confirm-build'; server: string; build: string }
  | { type: 'extended-protection-check'; server: string }
  | { type: 'prepare-ad'; switches: string[]; media: string | null }
  | { type: 'prerequisites'; server: string }
  | { type: 'move-mailboxes'; from: string[]; to: string }
  | { type: 'remove-servers'; servers: string[] };

/** A titled group of items: the organisation's AD preparation, one server's update, or one migration project. */
export interface ChecklistSection {
  id: string;
  kind: 'ad-preparation' | 'server' | 'migration';
  title: string;
  /** What the section is for, in a sentence or two (answer first). */
  summary: string;
  /** The scanned server the section is about (server sections only). */
  server: string | null;
  items: ChecklistItem[];
}
