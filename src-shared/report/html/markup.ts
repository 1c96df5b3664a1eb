export { formatBytes } from '../../domain/transfer';
import { isAllowedExternalUrl } from '../../domain/external-links';
import type { DocLink } from '../../analysis/types';
import type { Severity } from '../../analysis/types';
import { severityLabel } from '../labels';

/*
 * Small HTML building blocks. Every value from the scan passes through
 * `esc`: server data (event messages, certificate subjects, capture files) is
 * untrusted and must never become markup.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text escaped for element content and quoted attribute values. */
export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, c => ENTITIES[c] as string);
}

/**
 * A documentation link. Only https links to the Microsoft documentation
 * allow-list are clickable; anything else is shown as text, so a crafted
 * value can never put a live link to an arbitrary site in the report.
 */
export function docLink(link: DocLink): string {
  if (isAllowedExternalUrl(link.url)) return `<a href="${esc(link.url)}" rel="noopener noreferrer">${esc(link.title)}</a>`;
  return `${esc(link.title)} <span class="muted">(${esc(link.url)})</span>`;
}

/** "Read more" list of links, empty when there are none. */
export function linkList(links: readonly DocLink[]): string {
  if (links.length === 0) return '';
  return `<ul class="links">${links.map(l => `<li>${docLink(l)}</li>`).join('')}</ul>`;
}

/** A coloured badge that also says its severity in words (colour is never the only signal). */
export function severityBadge(severity: Severity): string {
  return `<span class="badge sev-${severity}">${esc(severityLabel(severity))}</span>`;
}

/** A data table with a header row; cells are already escaped markup. */
export function dataTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, className = 'data'): string {
  const head = `<thead><tr>${headers.map(h => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="${className}">${head}<tbody>${body}</tbody></table>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "26 Nov 2026 21:04 UTC" (UTC, so the same report reads the same everywhere); the input when it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const d = new Date(time);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** "14 Mar 2023" for a date; "Nov 2019" for a month-only catalog date. */
export function formatDate(text: string | null | undefined): string {
  if (!text) return '';
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(text);
  if (!match) return text;
  const month = MONTHS[Number(match[2]) - 1] ?? match[2];
  return match[3] ? `${Number(match[3])} ${month} ${match[1]}` : `${month} ${match[1]}`;
}

/** "2 years 3 months", "5 months", "12 days". */
export function formatDuration(days: number): string {
  const abs = Math.abs(days);
  if (abs < 45) return `${abs} day${abs === 1 ? '' : 's'}`;
  const months = Math.round(abs / 30.44);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years > 0 ? `${years} year${years === 1 ? '' : 's'}` : '';
  const m = rest > 0 ? `${rest} month${rest === 1 ? '' : 's'}` : '';
  return [y, m].filter(Boolean).join(' ');
}
