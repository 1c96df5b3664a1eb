import type { EemsVerdictKind, Severity } from '../../analysis/types';
import { parseReleaseDate } from '../build-age';
import { verdictLabel } from '../labels';
import type { ReportDocument } from '../schema';
import { esc, formatDate, formatDuration } from './markup';
import { SEVERITY_COLOURS } from './palette';

/**
 * The report's pictures, drawn as inline SVG: no script, no external file,
 * sharp on paper. Each has a <title> and a text alternative, and the numbers
 * it shows are also in a table next to it, so nothing depends on seeing it.
 */

/** Verdicts in the order the chart lists them: what stops mitigations first, working last. */
const VERDICT_ORDER: readonly EemsVerdictKind[] = ['blocked-by-certificate', 'ocs-unreachable', 'disabled', 'service-not-running', 'borderline', 'unknown', 'not-applicable', 'healthy'];

/** The severity colour a verdict is drawn in. */
export function verdictSeverity(verdict: EemsVerdictKind): Severity {
  if (verdict === 'healthy') return 'ok';
  if (verdict === 'not-applicable') return 'info';
  return verdict === 'blocked-by-certificate' || verdict === 'ocs-unreachable' ? 'critical' : 'warning';
}

/** Horizontal bars: how many servers per EEMS status, the ones that stop mitigations first; servers not assessed last. */
export function eemsChart(byVerdict: Partial<Record<EemsVerdictKind, number>>, notAssessed: number): string {
  const rows: Array<{ label: string; count: number; colour: string }> = VERDICT_ORDER.filter(v => (byVerdict[v] ?? 0) > 0).map(v => ({
    label: verdictLabel(v),
    count: byVerdict[v] ?? 0,
    colour: SEVERITY_COLOURS[verdictSeverity(v)],
  }));
  if (notAssessed > 0) rows.push({ label: 'Not assessed (could not be checked)', count: notAssessed, colour: '#5c5c66' });
  const rowHeight = 26;
  const labelWidth = 290;
  const barMax = 300;
  const width = labelWidth + barMax + 40;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const max = Math.max(1, ...rows.map(r => r.count));
  const bars = rows
    .map((r, i) => {
      const y = 4 + i * rowHeight;
      const w = Math.max(3, Math.round((r.count / max) * barMax));
      return (
        `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="chart-label">${esc(r.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 9}" rx="3" fill="${r.colour}"/>` +
        `<text x="${labelWidth + w + 8}" y="${y + 17}" class="chart-value">${r.count}</text>`
      );
    })
    .join('');
  const summary = rows.map(r => `${r.count} ${r.label.toLowerCase()}`).join(', ') || 'no server';
  return (
    `<svg class="chart" role="img" aria-labelledby="eems-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="eems-chart-title">Servers by Emergency Mitigation Service status: ${esc(summary)}</title>${bars}</svg>`
  );
}

const YEAR_MS = 365.25 * 86_400_000;

interface AgeRow {
  anchor: string;
  name: string;
  severity: Severity;
  build: string;
  released: number;
  target: number | null;
  targetBuild: string | null;
  behind: number | null;
  outOfSupport: boolean;
}

function ageRows(report: ReportDocument): AgeRow[] {
  const rows: AgeRow[] = [];
  for (const s of report.servers) {
    const age = s.buildAge;
    const released = parseReleaseDate(age?.releaseDate);
    if (!age || released === null) continue;
    rows.push({
      anchor: s.anchor,
      name: s.name,
      severity: s.severity,
      build: age.build,
      released,
      target: parseReleaseDate(age.targetReleaseDate),
      targetBuild: age.targetBuild,
      behind: age.daysBehindTarget,
      outOfSupport: age.outOfSupport,
    });
  }
  return rows.sort((a, b) => a.released - b.released);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The plot's reference lines: each certificate cut-off from its rule's data, then the report date. */
function referenceLines(report: ReportDocument): Array<{ time: number; label: string; css: 'cutoff' | 'today' }> {
  const lines: Array<{ time: number; label: string; css: 'cutoff' | 'today' }> = [];
  for (const rule of report.certificateRules) {
    const time = parseReleaseDate(rule.wording.buildsReleasedBefore);
    if (time !== null) lines.push({ time, label: rule.wording.chartLabel, css: 'cutoff' });
  }
  lines.push({ time: Date.parse(report.generatedAt), label: `report date ${formatDate(report.generatedAt.slice(0, 10))}`, css: 'today' });
  // In time order, so a label (drawn to the right of its line) never crosses an earlier line.
  return lines.sort((a, b) => a.time - b.time);
}

/** What the right-hand column says about one row. */
function rowNote(r: AgeRow, reportTime: number): string {
  if (r.targetBuild === null || r.behind === null) return `${formatDuration(Math.round((reportTime - r.released) / 86_400_000))} old`;
  return r.behind <= 0 ? 'on target' : `${formatDuration(r.behind)} behind`;
}

/**
 * A timeline: each server's build release date, joined to the release of the
 * supported build its plan goes to (its target), with every certificate
 * cut-off of the report's rules and the report date as reference lines.
 * Out-of-support product lines are marked, never called "newest".
 * Null when no server has a dated build.
 */
export function buildAgeChart(report: ReportDocument): string | null {
  const rows = ageRows(report);
  if (rows.length === 0) return null;
  const reportTime = Date.parse(report.generatedAt);
  const references = referenceLines(report);
  const times = [...rows.flatMap(r => [r.released, r.target ?? r.released]), ...references.map(c => c.time)];
  const startYear = new Date(Math.min(...times)).getUTCFullYear();
  const endYear = new Date(Math.max(...times)).getUTCFullYear() + 1;
  const from = Date.UTC(startYear, 0, 1);
  const to = Date.UTC(endYear, 0, 1);

  const labelWidth = 110;
  const plotWidth = Math.max(400, Math.min(520, (endYear - startYear) * 85));
  const rightWidth = 310;
  // One label row per reference line above the plot, so close dates never overprint.
  const labelRow = 13;
  const top = 8 + references.length * labelRow + 8;
  const rowHeight = 22;
  const width = labelWidth + plotWidth + rightWidth;
  const height = top + rows.length * rowHeight + 28;
  const x = (t: number) => (labelWidth + ((t - from) / (to - from)) * plotWidth).toFixed(1);
  const bottom = height - 22;

  const parts: string[] = [];
  for (let year = startYear; year <= endYear; year++) {
    const xx = x(Date.UTC(year, 0, 1));
    parts.push(`<line x1="${xx}" y1="${top - 4}" x2="${xx}" y2="${bottom}" class="grid"/>`);
    parts.push(`<text x="${xx}" y="${height - 8}" text-anchor="middle" class="chart-axis">${year}</text>`);
  }
  references.forEach((ref, i) => {
    const xx = Number(x(ref.time));
    const labelY = 8 + (i + 1) * labelRow - 3;
    // Each line starts at its own label row and its label runs to the right (into the margin
    // above the notes column when needed): later lines start lower, earlier ones lie to the left.
    parts.push(`<line x1="${xx}" y1="${labelY - 9}" x2="${xx}" y2="${bottom}" class="${ref.css}"/>`);
    parts.push(`<text x="${xx + 4}" y="${labelY}" class="chart-note ${ref.css}-label">${esc(ref.label)}</text>`);
  });

  const todayX = x(reportTime);
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    const bx = x(r.released);
    const title = `${r.name}: build ${r.build} released ${formatDate(new Date(r.released).toISOString())}; ${rowNote(r, reportTime)}${r.outOfSupport ? ', out of support' : ''}${r.targetBuild ? ` (target ${r.targetBuild})` : ''}`;
    parts.push(`<g><title>${esc(title)}</title>`);
    parts.push(`<text x="${labelWidth - 10}" y="${y + 4}" text-anchor="end" class="chart-label">${esc(shorten(r.name, 14))}</text>`);
    // Thin line: the build's age at the report date; thick line: how far behind its target.
    parts.push(`<line x1="${bx}" y1="${y}" x2="${todayX}" y2="${y}" class="age"/>`);
    if (r.target !== null && r.target > r.released) {
      parts.push(`<line x1="${bx}" y1="${y}" x2="${x(r.target)}" y2="${y}" stroke="${SEVERITY_COLOURS[r.severity]}" stroke-width="5" stroke-opacity="0.5"/>`);
    }
    if (r.target !== null) {
      const nx = Number(x(r.target));
      parts.push(`<path d="M${nx} ${y - 6}L${nx + 6} ${y}L${nx} ${y + 6}L${nx - 6} ${y}Z" class="newest"/>`);
    }
    parts.push(`<circle cx="${bx}" cy="${y}" r="5.5" fill="${SEVERITY_COLOURS[r.severity]}"/>`);
    const support = r.outOfSupport ? '<tspan class="out-of-support"> · out of support</tspan>' : '';
    parts.push(`<text x="${labelWidth + plotWidth + 10}" y="${y + 4}" class="chart-value">${esc(rowNote(r, reportTime))}${support}</text>`);
    parts.push('</g>');
  });

  const spanYears = ((to - from) / YEAR_MS).toFixed(0);
  return (
    `<svg class="chart" role="img" aria-labelledby="age-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="age-chart-title">Build release dates of ${rows.length} servers over ${spanYears} years, against the supported build each plan goes to and the certificate cut-offs</title>` +
    `${parts.join('')}</svg>`
  );
}

/** Small pictures for the legend, drawn like the marks in the chart. */
const LEGEND_MARKS: Array<[string, string]> = [
  ['<circle cx="9" cy="7" r="5" fill="#b3261e"/>', "Release date of the server's build (colour: the server's severity)"],
  ['<path d="M9 1L15 7L9 13L3 7Z" class="newest"/>', 'Release date of the supported build its plan goes to (the target)'],
  ['<line x1="0" y1="7" x2="18" y2="7" stroke="#b3261e" stroke-width="5" stroke-opacity="0.5"/>', 'How far the build is behind its target'],
  ['<line x1="0" y1="7" x2="18" y2="7" class="age"/>', 'Age of the build at the report date'],
  ['<line x1="9" y1="0" x2="9" y2="14" class="cutoff"/>', 'Certificate cut-off: builds released before the line are affected'],
  ['<line x1="9" y1="0" x2="9" y2="14" class="today"/>', 'Report date'],
];

/** The build-age chart's legend: one mark and one line of text per kind of mark. */
export function buildAgeLegend(): string {
  const items = LEGEND_MARKS.map(([mark, text]) => `<li><svg class="chart mark" viewBox="0 0 18 14" width="18" height="14" aria-hidden="true">${mark}</svg>${esc(text)}</li>`).join('');
  return `<ul class="legend">${items}<li><span><span class="out-of-support">out of support</span>: the product line gets no more updates, so its target is on a supported line</span></li></ul>`;
}
