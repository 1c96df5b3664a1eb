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
  /**
   * Where the commands run and who runs them; every item with commands has one, shown on its
   * command block ("Run on EX01, elevated PowerShell").
   */
  runsOn?: RunsOn;
  /** A read-only check the wizard runs itself to show the item done ("done when", proven). */
  autoCheck?: AutoCheck;
  /**
   * Why Exchange Setup would refuse this step when the runbook reaches it (the plan simulator's
   * failed preconditions): shown as a blocker with its reason, never as a command to run.
   */
  refusedBecause?: string[];
}

/**
 * - server: a Windows PowerShell window on the server named (Setup, restarts, files);
 * - exchange-shell: the Exchange Management Shell, on the server named or any Exchange server;
 * - jump-box: the computer the wizard runs on;
 * - schema-master-site: a domain-joined machine in the schema master's domain and AD site (PrepareSchema/PrepareAD);
 * - any-domain-machine: any domain-joined machine with the tools the command needs.
 */
export type RunsOnKind = 'server' | 'exchange-shell' | 'jump-box' | 'schema-master-site' | 'any-domain-machine';

export interface RunsOn {
  kind: RunsOnKind;
  /** The scanned server (or "new:<project>") the commands must be pasted on; absent when any machine of the kind will do. */
  server?: string;
  /** The window must be "Run as administrator". */
  elevated: boolean;
  /** kind server: the window is the Exchange Management Shell on that server (its commands act on the machine they run on). */
  exchangeShell?: boolean;
}

/**
 * The checks the wizard can run itself, read-only, over the same PowerShell host as a scan:
 * - restart-cleared: no restart pending (every registry source Setup looks at);
 * - build-reached: ExSetup.exe reports `build`;
 * - maintenance-entered / maintenance-left: the server components (ForwardSyncDaemon and
 *   ProvisioningRps are inactive by design on-premises and ignored);
 * - services-running: every Exchange service set to start runs, none left Disabled;
 * - queues-drained: the transport queues hold no messages (before Setup);
 * - dag-copies-healthy: the DAG member's copies Healthy, queues near 0 (before the next node);
 * - eems-working: the mitigation service Running and Automatic, reaching the OCS;
 * - preflight-passed: one pre-flight check (`preflightCheck`) no longer a blocker.
 */
export type AutoCheckId =
  'restart-cleared' | 'build-reached' | 'maintenance-entered' | 'maintenance-left' | 'services-running' | 'queues-drained' | 'dag-copies-healthy' | 'eems-working' | 'preflight-passed';

export interface AutoCheck {
  id: AutoCheckId;
  /** The scanned server it reads. */
  server: string;
  /** build-reached: the build ExSetup.exe must report. */
  build?: string;
  /** preflight-passed: the pre-flight check's id (PreflightCheckId). */
  preflightCheck?: string;
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
  | {
      type: 'setup';
      server: string;
      mode: 'upgrade' | 'install';
      resultingBuild: string;
      edge: boolean;
      /** Re-runs the Setup that stopped part-way (it resumes from its watermark). */ resume?: boolean;
      keepsExtendedProtectionOff?: boolean;
    }
  | { type: 'su'; server: string; resultingBuild: string }
  | { type: 'reboot'; server: string }
  | { type: 'hash-check'; server: string; updateId: string | null }
  | { type: 'confirm-build'; server: string; build: string }
  | { type: 'extended-protection-check'; server: string }
  | { type: 'prepare-ad'; switches: string[]; media: string | null }
  | { type: 'prerequisites'; server: string; ids?: string[] }
  /** A pre-flight blocker (analysis/preflight-checks.ts) fixed on the server. */
  | { type: 'preflight-fix'; server: string; check: string }
  | { type: 'forest-fixed' }
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
