/** Today's date (YYYY-MM-DD) on this computer, for "4 years old" and "since/from" in the words. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
