import { z } from 'zod';
import { EemsVerdictKind, Severity } from '../analysis/types';
import { isServer } from '../domain/server-identity';
import { compareBuilds } from '../knowledge/build-number';
import { cutoffLabel, verdictLabel } from './labels';
import type { ReportDocument, ReportServer } from './schema';

/*
 * Two saved reports side by side (before and after the upgrade): what changed
 * per server in build, EEMS verdict, severity and findings. Servers are
 * matched by their identity (short name or FQDN), so a report that names a
 * server by FQDN still lines up with one that uses the short name.
 */

const FindingRef = z.object({ id: z.string(), title: z.string(), severity: Severity });
export type FindingRef = z.infer<typeof FindingRef>;

const Side = z.object({
  build: z.string().nullable(),
  version: z.string().nullable(),
  severity: Severity,
  verdict: EemsVerdictKind.nullable(),
  /** The verdict in words, cut-off named from the report's own rules. */
  verdictText: z.string(),
  reachable: z.boolean(),
});

export const ServerComparison = z.object({
  server: z.string(),
  /** Present in both reports, only in the newer one, or only in the older one. */
  presence: z.enum(['both', 'added', 'removed']),
  before: Side.nullable(),
  after: Side.nullable(),
  /** "newer", "older", "same" or null when either build is unknown. */
  buildChange: z.enum(['newer', 'older', 'same']).nullable(),
  /** Findings to act on (critical, warning) in the older report and no longer in the newer. */
  resolved: z.array(FindingRef),
  /** Findings to act on in the newer report that the older did not have. */
  appeared: z.array(FindingRef),
  /** Findings in both whose severity changed. */
  changed: z.array(z.object({ id: z.string(), title: z.string(), before: Severity, after: Severity })),
});
export type ServerComparison = z.infer<typeof ServerComparison>;

export const ReportComparison = z.object({
  before: z.object({ generatedAt: z.string(), scanAt: z.string(), redacted: z.boolean() }),
  after: z.object({ generatedAt: z.string(), scanAt: z.string(), redacted: z.boolean() }),
  /** Set when the two were made in the wrong order or only one is redacted (names would not line up). */
  warnings: z.array(z.string()),
  servers: z.array(ServerComparison),
  /** Servers whose EEMS a certificate cut-off blocks, before and after. */
  blockedBefore: z.number().int(),
  blockedAfter: z.number().int(),
});
export type ReportComparison = z.infer<typeof ReportComparison>;

function side(s: ReportServer, report: ReportDocument): z.infer<typeof Side> {
  const v = s.eems;
  return {
    build: s.build,
    version: [s.product, s.cu, s.update].filter(Boolean).join(' ') || null,
    severity: s.severity,
    verdict: v?.verdict ?? null,
    verdictText: v ? `${verdictLabel(v.verdict)}${v.cutoff ? ` (${cutoffLabel(v.cutoff, report.certificateRules)})` : ''}` : 'not assessed',
    reachable: s.reachable,
  };
}

function toActOn(s: ReportServer | undefined): Map<string, FindingRef> {
  const map = new Map<string, FindingRef>();
  for (const f of s?.findings ?? []) if (f.severity === 'critical' || f.severity === 'warning') map.set(f.id, { id: f.id, title: f.title, severity: f.severity });
  return map;
}

function compareServer(name: string, old: ReportServer | undefined, now: ReportServer | undefined, before: ReportDocument, after: ReportDocument): ServerComparison {
  const was = toActOn(old);
  const is = toActOn(now);
  const allBefore = new Map((old?.findings ?? []).map(f => [f.id, f]));
  const changed: ServerComparison['changed'] = [];
  for (const f of now?.findings ?? []) {
    const earlier = allBefore.get(f.id);
    if (earlier && earlier.severity !== f.severity) changed.push({ id: f.id, title: f.title, before: earlier.severity, after: f.severity });
  }
  const buildChange = old?.build && now?.build ? ((['older', 'same', 'newer'] as const)[Math.sign(compareBuilds(now.build, old.build)) + 1] ?? null) : null;
  return {
    server: name,
    presence: old && now ? 'both' : now ? 'added' : 'removed',
    before: old ? side(old, before) : null,
    after: now ? side(now, after) : null,
    buildChange,
    resolved: [...was.values()].filter(f => !is.has(f.id)),
    appeared: [...is.values()].filter(f => !was.has(f.id)),
    changed,
  };
}

/** What changed from `before` to `after`, server by server, in the newer report's order (worst first), removed servers last. */
export function compareReports(before: ReportDocument, after: ReportDocument): ReportComparison {
  const warnings: string[] = [];
  if (before.scan.generatedAt > after.scan.generatedAt) warnings.push('The "before" report was scanned after the "after" report: the two may be swapped.');
  if (before.redacted !== after.redacted) warnings.push('Only one of the two reports is redacted, so server names cannot be matched.');
  else if (before.redacted) warnings.push('Both reports are redacted: placeholders line up only if both were made from the same list of servers.');
  const servers: ServerComparison[] = [];
  const matched = new Set<ReportServer>();
  for (const now of after.servers) {
    const old = before.servers.find(o => !matched.has(o) && (isServer(o.name, now) || (o.fqdn !== null && isServer(o.fqdn, now))));
    if (old) matched.add(old);
    servers.push(compareServer(now.name, old, now, before, after));
  }
  for (const old of before.servers) if (!matched.has(old)) servers.push(compareServer(old.name, old, undefined, before, after));
  const blocked = (r: ReportDocument) => r.servers.filter(s => s.eems?.verdict === 'blocked-by-certificate').length;
  return {
    before: { generatedAt: before.generatedAt, scanAt: before.scan.generatedAt, redacted: before.redacted },
    after: { generatedAt: after.generatedAt, scanAt: after.scan.generatedAt, redacted: after.redacted },
    warnings,
    servers,
    blockedBefore: blocked(before),
    blockedAfter: blocked(after),
  };
}

/** The comparison as plain lines for the terminal. */
export function describeComparison(c: ReportComparison): string {
  const lines = [
    `Before: scan of ${c.before.scanAt}; after: scan of ${c.after.scanAt}.`,
    `Blocked by a certificate cut-off: ${c.blockedBefore} before, ${c.blockedAfter} after.`,
    ...c.warnings.map(w => `Note: ${w}`),
  ];
  for (const s of c.servers) {
    if (s.presence !== 'both') {
      lines.push(`${s.server}: only in the ${s.presence === 'added' ? 'newer' : 'older'} report.`);
      continue;
    }
    const b = s.before as z.infer<typeof Side>;
    const a = s.after as z.infer<typeof Side>;
    const parts: string[] = [];
    parts.push(b.build === a.build ? `build ${a.build ?? 'unknown'} (unchanged)` : `build ${b.build ?? 'unknown'} → ${a.build ?? 'unknown'}`);
    parts.push(b.verdictText === a.verdictText ? `EEMS ${a.verdictText} (unchanged)` : `EEMS ${b.verdictText} → ${a.verdictText}`);
    if (b.severity !== a.severity) parts.push(`severity ${b.severity} → ${a.severity}`);
    if (s.resolved.length) parts.push(`resolved: ${s.resolved.map(f => f.title).join('; ')}`);
    if (s.appeared.length) parts.push(`new: ${s.appeared.map(f => f.title).join('; ')}`);
    lines.push(`${s.server}: ${parts.join('; ')}.`);
  }
  return lines.join('\n');
}
