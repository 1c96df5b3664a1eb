import { z } from 'zod';
import { DiscoveredServer } from '../domain/discovery';
import { ObservedAdLevels } from '../domain/ad-levels';
import { ScanReport } from '../assessment/scan-report';
import { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { DownloadResult, StageResult } from '../domain/transfer';
import { AppErrorShape } from '../domain/errors';
import { SafeKey } from '../domain/safe-keys';
import { ServerName } from '../domain/host-names';
import { WizardStep } from './steps';

/**
 * The wizard session: everything the admin has done so far, persisted by the
 * engine so it survives app restarts and jump-box reboots.
 */
export const SESSION_SCHEMA_VERSION = 1;

export { WizardStep } from './steps';

export const OrganisationChoice = z.object({
  /** Where the servers come from. */
  mode: z.enum(['demo', 'domain', 'servers']),
  hasEsu: z.boolean(),
  /** Server names typed by the admin for mode "servers". */
  serverNames: z.array(z.string()),
});
export type OrganisationChoice = z.infer<typeof OrganisationChoice>;

export const AuditEntry = z.object({
  at: z.string(),
  action: z.string(),
  detail: z.string(),
  outcome: z.enum(['ok', 'failed', 'cancelled', 'info']),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What a check the wizard ran itself read when it ticked an item (the tick is then proven, not only claimed). */
export const ChecklistProof = z.object({ checkedAt: z.string(), evidence: z.string().max(2000) });
export type ChecklistProof = z.infer<typeof ChecklistProof>;

/**
 * One item's tick. `proof` is set when the wizard's own check ticked it (a later hand tick or
 * untick clears it), so the report can tell proven ticks from the admin's word; absent in
 * sessions saved before checks existed.
 */
export const ChecklistItemState = z.object({ done: z.boolean(), at: z.string().nullable(), proof: ChecklistProof.nullable().optional() });
export type ChecklistItemState = z.infer<typeof ChecklistItemState>;

export const WizardSession = z.object({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currentStep: WizardStep,
  organisation: OrganisationChoice,
  discovered: z.array(DiscoveredServer),
  /** The Exchange AD levels discovery read from Active Directory (null: not read by the last discovery). */
  adLevels: ObservedAdLevels.nullable().optional(),
  discoveryErrors: z.array(AppErrorShape),
  scan: ScanReport.nullable(),
  downloads: z.array(DownloadResult),
  staging: z.array(StageResult),
  /**
   * The admin's Extended Protection choice per server (server name → choice), which every
   * assessment of the session's scan plans with; absent (sessions saved before it) or no entry:
   * Setup turns it on, Microsoft's default.
   */
  extendedProtectionChoices: z.record(ServerName, ExtendedProtectionChoice).optional(),
  /** Upgrade checklist: server name → item id → state. */
  checklist: z.record(ServerName, z.record(SafeKey, ChecklistItemState)),
  audit: z.array(AuditEntry),
});
export type WizardSession = z.infer<typeof WizardSession>;
