import type { ScanReport } from '../assessment/scan-report';
import { sameServer } from '../domain/server-identity';
import { DO_NOT_ENABLE_EP, DO_NOT_ENABLE_EP_FEEWS, type ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { stepSetupCommands } from '../knowledge/step-kinds';
import type { PlanStep } from '../knowledge/types';

/*
 * The words of the Extended Protection choice (Plan and Upgrade steps, the report, the audit
 * trail): what each option does, when to choose it and what keeping it off risks.
 */

/** One option of the choice. */
export interface ExtendedProtectionOption {
  value: ExtendedProtectionChoice;
  /** "Turn on (Microsoft's default)". */
  label: string;
  /** When to choose it, and what it leaves open. */
  hint: string;
}

/** The three options, Microsoft's default first. */
export const EXTENDED_PROTECTION_OPTIONS: readonly ExtendedProtectionOption[] = [
  {
    value: 'enable',
    label: "Turn on (Microsoft's default)",
    hint: 'Choose this when nothing in front of Exchange offloads SSL, every Exchange server has the same TLS settings and no client needs NTLMv1: Setup turns Extended Protection on and closes the NTLM relay attacks it protects against.',
  },
  {
    value: 'keep-off',
    label: `Keep off (${DO_NOT_ENABLE_EP})`,
    hint: 'Choose this when a load balancer offloads SSL, the TLS settings differ between servers or the checks above are not done yet: the server stays open to NTLM relay attacks until you turn it on with ExchangeExtendedProtectionManagement.ps1.',
  },
  {
    value: 'keep-off-front-end-ews',
    label: `Keep off on front-end EWS only (${DO_NOT_ENABLE_EP_FEEWS}, Hybrid Agent)`,
    hint: 'Choose this when the Exchange Hybrid Agent publishes EWS for Exchange Online (free/busy, moves): everything else is protected, the front-end EWS stays open to NTLM relay until the agent is retired.',
  },
];

/** The option's label, e.g. for the report: "Keep off (/DoNotEnableEP)". */
export function extendedProtectionChoiceLabel(choice: ExtendedProtectionChoice): string {
  return EXTENDED_PROTECTION_OPTIONS.find(o => o.value === choice)?.label ?? choice;
}

/** The admin's choice the scan was planned with for this server; "enable" when none was made. */
export function chosenExtendedProtection(scan: Pick<ScanReport, 'extendedProtectionChoices'>, serverName: string): ExtendedProtectionChoice {
  const entry = Object.entries(scan.extendedProtectionChoices ?? {}).find(([name]) => sameServer(name, serverName));
  return entry?.[1] ?? 'enable';
}

/** The step of a plan whose Setup turns Extended Protection on (it carries the `extended-protection` prerequisite); null when none does. */
export function setupTurningOnExtendedProtection(steps: readonly PlanStep[]): PlanStep | null {
  return steps.find(st => st.prerequisites.some(p => p.id === 'extended-protection')) ?? null;
}

/** What the choice control of one server shows. */
export interface ExtendedProtectionChoiceView {
  server: string;
  choice: ExtendedProtectionChoice;
  /** The Setup whose choice it is ("Upgrade in place to Exchange SE"). */
  stepTitle: string;
  /** That Setup's command line as planned with the choice (built from its closed list of switches). */
  setupCommand: string;
  /** What the chosen option means, in one sentence. */
  hint: string;
}

/**
 * The Extended Protection choice of one scanned server, or null when its plan has no Setup that
 * turns Extended Protection on (nothing to choose).
 */
export function extendedProtectionChoiceView(scan: Pick<ScanReport, 'servers' | 'extendedProtectionChoices'>, serverName: string): ExtendedProtectionChoiceView | null {
  const server = scan.servers.find(s => sameServer(s.name, serverName));
  const step = server?.plan ? setupTurningOnExtendedProtection(server.plan.steps) : null;
  if (!server || !step) return null;
  const choice = chosenExtendedProtection(scan, server.name);
  return {
    server: server.name,
    choice,
    stepTitle: step.title,
    setupCommand: stepSetupCommands(step)[0] ?? '',
    hint: EXTENDED_PROTECTION_OPTIONS.find(o => o.value === choice)?.hint ?? '',
  };
}
