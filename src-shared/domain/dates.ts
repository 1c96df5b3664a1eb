/* Dates as the catalog, probes and reports write them (ISO dates and date-times). */

const DAY_MS = 24 * 60 * 60 * 1000;

// YYYY-MM-DD, optionally THH:MM[:SS[.fraction]] and a zone (Z or ±HH:MM).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds since 1970 of an ISO date or date-time; null for anything else. Date.parse is
 * not used on its own: it also reads "11/03/2026 10:00:00" (what a Windows PowerShell date
 * prints under en-US, and is 11 March under en-GB) as 3 November, whatever the server's
 * culture, so a culture-formatted date would silently become a wrong one. A date-time without
 * a zone is taken as UTC, as the probes write them, so the answer does not depend on this
 * computer's time zone either.
 */
export function parseIsoDate(text: string | null | undefined): number | null {
  const match = ISO.exec((text ?? '').trim());
  if (!match) return null;
  const hasTime = match[4] !== undefined;
  const normalised = hasTime && match[7] === undefined ? `${match[0].trim().replace(' ', 'T')}Z` : match[0].trim().replace(' ', 'T');
  const time = Date.parse(normalised);
  if (Number.isNaN(time)) return null;
  // Date.parse rolls 2026-02-30 over into March; a date that is not on the calendar is unreadable.
  const day = new Date(hasTime && match[7] !== undefined ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : time);
  if (day.getUTCFullYear() !== Number(match[1]) || day.getUTCMonth() + 1 !== Number(match[2]) || day.getUTCDate() !== Number(match[3])) return null;
  return time;
}

/** Whole days from `from` to `to` (ISO dates or date-times); null when either is unreadable. */
export function daysBetween(from: string, to: string): number | null {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (a === null || b === null) return null;
  return Math.floor((b - a) / DAY_MS);
}
