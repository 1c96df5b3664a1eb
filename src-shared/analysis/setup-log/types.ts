import { z } from 'zod';

/** One line of the log shown as evidence: `line` is 1-based in the whole file, `text` that line exactly. */
export const SetupLogEvidence = z.object({ line: z.number().int().positive(), text: z.string() });
export type SetupLogEvidence = z.infer<typeof SetupLogEvidence>;

/** Why the last run failed: what it is, the lines that show it, and the steps that fix it. */
export const SetupLogCause = z.object({
  id: z.string(),
  title: z.string(),
  fix: z.array(z.string()),
  evidence: z.array(SetupLogEvidence),
});
export type SetupLogCause = z.infer<typeof SetupLogCause>;

/**
 * What the log says about where Setup ran; null where the last run does not say it.
 * `domain` is the DNS domain of `computer`; `schemaMaster` the domain controller Setup named.
 */
export const SetupLogContext = z.object({
  user: z.string().nullable(),
  computer: z.string().nullable(),
  domain: z.string().nullable(),
  site: z.string().nullable(),
  schemaMaster: z.string().nullable(),
});
export type SetupLogContext = z.infer<typeof SetupLogContext>;

/**
 * The diagnosis of the last Setup run in an ExchangeSetup.log: `succeeded` (the success line, no
 * causes), `failed` (with at least one cause) or `incomplete` (neither the success line nor an
 * error: still running, or stopped without saying why).
 */
export const SetupLogAnalysis = z.object({
  outcome: z.enum(['succeeded', 'failed', 'incomplete']),
  causes: z.array(SetupLogCause),
  context: SetupLogContext,
});
export type SetupLogAnalysis = z.infer<typeof SetupLogAnalysis>;

/** Where a Setup run under way is: read from its start line and the last lines of the log. */
export const SetupLogProgress = z.object({
  /** When the last run started (the server's local time, as Setup writes it), null when not known. */
  startedAt: z.string().nullable(),
  /** Time of the last line written. */
  lastLineAt: z.string().nullable(),
  /** Seconds from the start of the run to its last line, null when either is not known. */
  elapsedSeconds: z.number().nullable(),
  /** The step Setup is in: the component or task it last began, else its last message. */
  currentStep: z.string().nullable(),
  /** Whether the tail already shows the end of the run, and how it ended. */
  ended: z.enum(['succeeded', 'failed']).nullable(),
  /** The last lines, as read. */
  lastLines: z.array(z.string()),
});
export type SetupLogProgress = z.infer<typeof SetupLogProgress>;
