import { inWorstFirstOrder } from '../assessment/worst-first';
import { SEVERITY_ORDER, type Finding, type Severity } from '../analysis/types';
import type { ServerScanResult } from '../assessment/scan-report';
import { cutoffHeadline } from '../knowledge/certificate-rule-text';
import { buildLabel, releasedLabel } from './server-labels';
import { serverStatus, statusCounts, type ServerStatus } from './server-status';

/**
 * What the Health step shows, computed once from the scan: the status strip, a server × check
 * grid (one column per area of checks, the worst result in each cell) and, per server, its top
 * reason and its findings split into "needs attention" and "passed".
 */

/**
 * Areas of checks, by the first part of a finding id ("eems.certificate…" → EEMS). Whether the
 * server answered is not a column: the strip and the card say it.
 */
const AREAS: ReadonlyArray<{ prefix: string; label: string }> = [
  { prefix: 'eems', label: 'EEMS' },
  { prefix: 'exchange', label: 'Exchange build' },
  { prefix: 'security', label: 'Security updates' },
  { prefix: 'os', label: 'Windows & .NET' },
  { prefix: 'prereq', label: 'Prerequisites' },
  { prefix: 'disk', label: 'Disk' },
  { prefix: 'tls', label: 'TLS' },
  { prefix: 'certificate', label: 'Certificates' },
  { prefix: 'plan', label: 'Plan' },
];
const OTHER = { prefix: '', label: 'Other' };

const NOT_AN_AREA = new Set(['server']);

function areaOf(finding: Pick<Finding, 'id'>): { prefix: string; label: string } | null {
  const prefix = finding.id.split(/[.:-]/)[0] ?? '';
  if (NOT_AN_AREA.has(prefix)) return null;
  return AREAS.find(a => a.prefix === prefix) ?? OTHER;
}

function worst(severities: readonly Severity[]): Severity | null {
  for (const s of SEVERITY_ORDER) if (severities.includes(s)) return s;
  return null;
}

export interface GridCell {
  /** Worst result in this area; null when no check of this area ran on the server. */
  severity: Severity | null;
  /** "2 critical, 1 warning" or "3 passed", for the cell's accessible name. */
  text: string;
}

export interface HealthServer {
  name: string;
  status: ServerStatus;
  severity: Severity;
  build: string;
  released: string | null;
  /** The one reason that matters most, said on the card. */
  topReason: string;
  /** Findings that need a look (critical, warning, info), worst first. */
  attention: Finding[];
  /** Findings that passed, collapsed behind "17 checks passed". */
  passed: Finding[];
  cells: GridCell[];
}

export interface HealthModel {
  strip: ReturnType<typeof statusCounts>;
  /** The grid's columns: only areas some server was checked in. */
  areas: string[];
  servers: HealthServer[];
}

export function healthModel(servers: readonly ServerScanResult[], worstFirst: readonly string[], today: string): HealthModel {
  const ordered = inWorstFirstOrder(servers, worstFirst);
  const areas = [...AREAS, OTHER].filter(area => servers.some(s => s.findings.some(f => areaOf(f) === area)));
  return {
    strip: statusCounts(servers),
    areas: areas.map(a => a.label),
    servers: ordered.map(server => {
      const attention = server.findings.filter(f => f.severity !== 'ok');
      return {
        name: server.name,
        status: serverStatus(server),
        severity: server.severity,
        build: buildLabel(server),
        released: releasedLabel(server.classification?.releaseDate, today),
        topReason: topReason(server, attention),
        attention,
        passed: server.findings.filter(f => f.severity === 'ok'),
        cells: areas.map(area => cell(server.findings.filter(f => areaOf(f) === area))),
      };
    }),
  };
}

function topReason(server: ServerScanResult, attention: readonly Finding[]): string {
  if (!server.reachable && server.error) return `Not reached: ${server.error.message}`;
  // A cut-off is the reason this wizard exists: it outranks every other finding on the card.
  const rule = server.eems?.cutoff ? server.classification?.certificateRules.find(r => r.cutoff === server.eems?.cutoff) : undefined;
  if (rule) return cutoffHeadline(rule);
  const first = attention.find(f => f.severity === 'critical') ?? attention.find(f => f.severity === 'warning');
  if (first) return first.title;
  const passed = server.findings.length - attention.length;
  return passed > 0 ? `All ${passed} checks that ran passed` : 'No checks ran on this server';
}

function cell(findings: readonly Finding[]): GridCell {
  const severity = worst(findings.map(f => f.severity));
  if (severity === null) return { severity, text: 'not checked' };
  const counts = SEVERITY_ORDER.map(s => [s, findings.filter(f => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return { severity, text: counts.map(([s, n]) => `${n} ${s === 'ok' ? 'passed' : s}`).join(', ') };
}
