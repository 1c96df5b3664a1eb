import { z } from 'zod';

/*
 * Output shapes of the analyzer: findings and the EEMS verdict per server.
 */

export const Severity = z.enum(['critical', 'warning', 'ok', 'info']);
export type Severity = z.infer<typeof Severity>;

/** Worst first; used to sort findings and servers. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info', 'ok'];

export const DocLink = z.object({ title: z.string(), url: z.url() });
export type DocLink = z.infer<typeof DocLink>;

export const Evidence = z.object({ label: z.string(), value: z.string() });
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  id: z.string(),
  severity: Severity,
  title: z.string(),
  evidence: z.array(Evidence),
  why: z.string(),
  action: z.string(),
  links: z.array(DocLink),
});
export type Finding = z.infer<typeof Finding>;

export const EemsVerdictKind = z.enum(['not-applicable', 'blocked-by-certificate', 'borderline', 'disabled', 'service-not-running', 'ocs-unreachable', 'healthy', 'unknown']);
export type EemsVerdictKind = z.infer<typeof EemsVerdictKind>;

export const EemsVerdict = z.object({
  verdict: EemsVerdictKind,
  /** Which certificate cut-off blocks the server ("2023-03" or "2026-06"), when blocked. */
  cutoff: z.string().nullable(),
  /** One or two sentences a non-specialist understands. */
  explanation: z.string(),
  evidence: z.array(Evidence),
  /** The exact fix, usually the planned update. */
  fix: z.string(),
  links: z.array(DocLink),
});
export type EemsVerdict = z.infer<typeof EemsVerdict>;
