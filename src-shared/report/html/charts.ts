import { SEVERITY_ORDER, type Severity } from '../../analysis/types';
import { parseReleaseDate } from '../build-age';
import { severityLabel } from '../labels';
import type { ReportDocument } from '../schema';
import { esc, formatDate, formatDuration } from './markup';
import { SEVERITY_COLOURS } from './palette';

/**
 * The report's pictures, drawn as inline SVG: no script, no external file,
 * sharp on paper. Each has a <title> and a text alternative, and the numbers
 * it shows are also in a table next to it, so nothing depends on seeing it.
 */

/** Horizontal bars: how many servers per severity, worst first. */
export function severityChart(bySeverity: Record<Severity, number>): string {
  const rowHeight = 30;
  const labelWidth = 90;
  const barMax = 360;
  const width = labelWidth + barMax + 60;
  const height = SEVERITY_ORDER.length * rowHeight + 10;
  const max = Math.max(1, ...SEVERITY_ORDER.map(s => bySeverity[s]));
  const rows = SEVERITY_ORDER.map((severity, i) => {
    const count = bySeverity[severity];
    const y = 5 + i * rowHeight;
    const w = count === 0 ? 0 : Math.max(3, Math.round((count / max) * barMax));
    return (
      `<text x="${labelWidth - 8}" y="${y + 19}" text-anchor="end" class="chart-label">${esc(severityLabel(severity))}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" rx="3" fill="${SEVERITY_COLOURS[severity]}"/>` +
      `<text x="${labelWidth + w + 8}" y="${y + 19}" class="chart-value">${count}</text>`
    );
  }).join('');
  const summary = SEVERITY_ORDER.map(s => `${bySeverity[s]} ${severityLabel(s).toLowerCase()}`).join(', ');
  return (
    `<svg class="chart" role="img" aria-labelledby="sev-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="sev-chart-title">Servers by severity: ${esc(summary)}</title>${rows}</svg>`
  );
}

/** Reference lines on the timeline: the two certificate cut-offs. */
const CUTOFF_LINES = [
  { date: '2023-03-14', label: 'Mar 2023 cut-off' },
  { date: '2026-06-09', label: 'Jun 2026 cut-off' },
];

const YEAR_MS = 365.25 * 86_400_000;

interface AgeRow {
  anchor: string;
  name: string;
  severity: Severity;
  build: string;
  released: number;
  newest: number | null;
  newestBuild: string | null;
  behind: number | null;
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
      newest: parseReleaseDate(age.newestPublicReleaseDate),
      newestBuild: age.newestPublicBuild,
      behind: age.daysBehindNewest,
    });
  }
  return rows.sort((a, b) => a.released - b.released);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A timeline: each server's build release date, joined to the release date of
 * the newest public build of its product line, with the two certificate
 * cut-offs as reference lines. Null when no server has a dated build.
 */
export function buildAgeChart(report: ReportDocument): string | null {
  const rows = ageRows(report);
  if (rows.length === 0) return null;
  const reportTime = Date.parse(report.generatedAt);
  const cutoffTimes = CUTOFF_LINES.map(c => ({ ...c, time: parseReleaseDate(c.date) as number }));
  const times = [...rows.flatMap(r => [r.released, r.newest ?? r.released]), ...cutoffTimes.map(c => c.time), reportTime];
  const startYear = new Date(Math.min(...times)).getUTCFullYear();
  const endYear = new Date(Math.max(...times)).getUTCFullYear() + 1;
  const from = Date.UTC(startYear, 0, 1);
  const to = Date.UTC(endYear, 0, 1);

  const labelWidth = 170;
  const plotWidth = Math.max(440, Math.min(640, (endYear - startYear) * 110));
  const rightWidth = 200;
  const top = 50;
  const rowHeight = 22;
  const width = labelWidth + plotWidth + rightWidth;
  const height = top + rows.length * rowHeight + 28;
  const x = (t: number) => (labelWidth + ((t - from) / (to - from)) * plotWidth).toFixed(1);
  const bottom = height - 22;

  const parts: string[] = [];
  for (let year = startYear; year <= endYear; year++) {
    const xx = x(Date.UTC(year, 0, 1));
    parts.push(`<line x1="${xx}" y1="${top - 6}" x2="${xx}" y2="${bottom}" class="grid"/>`);
    parts.push(`<text x="${xx}" y="${height - 8}" text-anchor="middle" class="chart-axis">${year}</text>`);
  }
  // Each reference line gets its own label row, so close dates never overprint.
  const references = [...cutoffTimes.map(c => ({ time: c.time, label: c.label, css: 'cutoff' })), { time: reportTime, label: 'report date', css: 'today' }];
  references.forEach((ref, i) => {
    const xx = x(ref.time);
    parts.push(`<line x1="${xx}" y1="${11 + i * 12}" x2="${xx}" y2="${bottom}" class="${ref.css}"/>`);
    parts.push(`<text x="${Number(xx) + 4}" y="${10 + i * 12}" class="chart-note">${esc(ref.label)}</text>`);
  });

  const todayX = x(reportTime);
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    const bx = x(r.released);
    const behind = r.behind === null ? 'newest release date unknown' : r.behind <= 0 ? 'on the newest public build' : `${formatDuration(r.behind)} behind`;
    const title = `${r.name}: build ${r.build} released ${formatDate(new Date(r.released).toISOString())}; ${behind}`;
    parts.push(`<g><title>${esc(title)}</title>`);
    parts.push(`<text x="${labelWidth - 10}" y="${y + 4}" text-anchor="end" class="chart-label">${esc(shorten(r.name, 22))}</text>`);
    // Thin line: the build's age at the report date; thick line: how far behind the newest public build.
    parts.push(`<line x1="${bx}" y1="${y}" x2="${todayX}" y2="${y}" class="age"/>`);
    if (r.newest !== null && r.newest > r.released) {
      parts.push(`<line x1="${bx}" y1="${y}" x2="${x(r.newest)}" y2="${y}" stroke="${SEVERITY_COLOURS[r.severity]}" stroke-width="5" stroke-opacity="0.5"/>`);
    }
    if (r.newest !== null) {
      const nx = Number(x(r.newest));
      parts.push(`<path d="M${nx} ${y - 6}L${nx + 6} ${y}L${nx} ${y + 6}L${nx - 6} ${y}Z" class="newest"/>`);
    }
    parts.push(`<circle cx="${bx}" cy="${y}" r="5.5" fill="${SEVERITY_COLOURS[r.severity]}"/>`);
    const note = r.behind === null ? `${formatDuration(Math.round((reportTime - r.released) / 86_400_000))} old` : r.behind <= 0 ? 'newest' : `${formatDuration(r.behind)} behind`;
    parts.push(`<text x="${labelWidth + plotWidth + 10}" y="${y + 4}" class="chart-value">${esc(note)}</text>`);
    parts.push('</g>');
  });

  const spanYears = ((to - from) / YEAR_MS).toFixed(0);
  return (
    `<svg class="chart" role="img" aria-labelledby="age-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="age-chart-title">Build release dates of ${rows.length} servers over ${spanYears} years, against the newest public build of each product line and the certificate cut-offs</title>` +
    `${parts.join('')}</svg>`
  );
}
