/**
 * Microsoft releases Exchange security updates on the second Tuesday of a month ("Patch
 * Tuesday"). Once such a Tuesday after the catalog's `asOf` has passed, an update may exist that
 * the catalog does not know: the plan could name an older one as "the newest".
 */

/** The second Tuesday of a month (UTC), as YYYY-MM-DD. */
export function secondTuesday(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (2 - first.getUTCDay() + 7) % 7; // days to the first Tuesday
  return new Date(Date.UTC(year, month - 1, 1 + offset + 7)).toISOString().slice(0, 10);
}

/** The first second Tuesday after `asOf` (YYYY-MM-DD). */
export function nextUpdateTuesday(asOf: string): string {
  let year = Number(asOf.slice(0, 4));
  let month = Number(asOf.slice(5, 7));
  for (;;) {
    const day = secondTuesday(year, month);
    if (day > asOf) return day;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/**
 * A warning when `today` is after an update Tuesday the catalog (as of `asOf`) cannot know about;
 * null while the catalog is current.
 */
export function staleCatalogWarning(asOf: string, today: string): string | null {
  const tuesday = nextUpdateTuesday(asOf);
  if (today <= tuesday) return null;
  return `The catalog (as of ${asOf}) predates the update Tuesday ${tuesday}: an update released since is missing here; import a newer catalog.`;
}
