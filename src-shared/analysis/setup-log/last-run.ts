/**
 * The last Setup run in an ExchangeSetup.log. The file keeps every run on the server (each
 * attempt appends), and only the last one says what state the server is in now.
 */

/** The line that starts a run: `Starting Microsoft Exchange Server 2019 Setup` (or 2016, Subscription Edition). */
export const RUN_START = /Starting Microsoft Exchange Server (?:\d{4}|Subscription Edition) Setup/;

/** The lines of one run: indexes into the whole file's lines, `end` exclusive. */
export interface SetupRun {
  readonly lines: readonly string[];
  /** Index of the run's start line. */
  readonly start: number;
  readonly end: number;
}

/** The last run, or null when the file has no run at all (not an ExchangeSetup.log). */
export function lastSetupRun(lines: readonly string[]): SetupRun | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    // A cheap test first: a 3 MB log has tens of thousands of lines.
    if (line.includes('Starting Microsoft Exchange Server') && RUN_START.test(line)) return { lines, start: i, end: lines.length };
  }
  return null;
}

/** A line matched in a run: its index in the file and the match. */
export interface LineMatch {
  index: number;
  match: RegExpExecArray;
}

/**
 * The last line of the run (or of `[from, to)` inside it) matching `pattern`; `needle` is a
 * literal every match contains, tested before the regular expression.
 */
export function lastMatch(run: SetupRun, pattern: RegExp, needle?: string, from = run.start, to = run.end): LineMatch | null {
  for (let i = to - 1; i >= from; i--) {
    const line = run.lines[i] as string;
    if (needle !== undefined && !line.includes(needle)) continue;
    const match = pattern.exec(line);
    if (match) return { index: i, match };
  }
  return null;
}

/** The first line of the run (or of `[from, to)`) matching `pattern`. */
export function firstMatch(run: SetupRun, pattern: RegExp, needle?: string, from = run.start, to = run.end): LineMatch | null {
  for (let i = from; i < to; i++) {
    const line = run.lines[i] as string;
    if (needle !== undefined && !line.includes(needle)) continue;
    const match = pattern.exec(line);
    if (match) return { index: i, match };
  }
  return null;
}
