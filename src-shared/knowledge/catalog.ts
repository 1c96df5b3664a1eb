/**
 * The Exchange build catalog.
 *
 * Placeholder until the catalog data lands (issue: Exchange knowledge); the
 * knowledge layer replaces this module and keeps exporting catalogAsOf().
 */
export function catalogAsOf(): string {
  return '2026-11-24';
}
