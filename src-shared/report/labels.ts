import type { EemsVerdictKind, Severity } from '../analysis/types';
import type { ActionItemStatus, ReportCertificateRule, ReportServer } from './schema';

/*
 * Words the report uses for enum values, shared by the HTML and the CSV so
 * both say the same thing.
 */

const VERDICTS: Record<EemsVerdictKind, string> = {
  'not-applicable': 'Not applicable (no EEMS on this server)',
  'blocked-by-certificate': 'Blocked by the certificate change',
  borderline: 'Borderline build',
  disabled: 'Turned off',
  'service-not-running': 'Service not running',
  'ocs-unreachable': 'Cannot reach the Office Config Service',
  healthy: 'Working',
  unknown: 'Unknown',
};

export function verdictLabel(verdict: EemsVerdictKind): string {
  return VERDICTS[verdict];
}

const SEVERITIES: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info', ok: 'OK' };

export function severityLabel(severity: Severity): string {
  return SEVERITIES[severity];
}

const STATUSES: Record<ActionItemStatus, string> = {
  done: 'Done',
  staged: 'File on the server, ready to install',
  downloaded: 'File downloaded and verified, not yet copied to the server',
  'to-download': 'File still to download',
  'needs-esu': 'Needs Extended Security Updates (ESU)',
  'to-do': 'To do',
};

export function statusLabel(status: ActionItemStatus): string {
  return STATUSES[status];
}

/** The rule's own name for a cut-off ("March 2023", from its catalog wording); a cut-off no rule names stays as it is. */
export function cutoffLabel(cutoff: string, rules: readonly ReportCertificateRule[]): string {
  const rule = rules.find(r => r.cutoff === cutoff);
  return rule ? rule.wording.name : cutoff;
}

/** The first action item not done yet, else what the plan or the error says. */
export function nextActionOf(server: ReportServer): string | null {
  const next = server.actionItems.find(a => a.status !== 'done');
  if (next) return next.title;
  if (!server.reachable && server.error) return server.error.fix ?? server.error.message;
  // No update to install, but EEMS does not work: its fix is the next step, not "nothing to do".
  if (server.eems && server.eems.verdict !== 'healthy' && server.eems.verdict !== 'not-applicable') return server.eems.fix;
  const finding = server.findings.find(f => f.severity === 'critical' || f.severity === 'warning');
  if (finding) return finding.title;
  if (server.actionItems.length > 0) return 'All planned steps are done: scan again to confirm.';
  return server.plan?.summary ?? null;
}
