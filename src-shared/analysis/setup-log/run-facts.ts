import { lastMatch, type SetupRun } from './last-run';
import type { SetupLogEvidence } from './types';

/** One `Evaluated [Rule:…]` or `[Setting:…]` line of the readiness checks. */
export interface Evaluation {
  index: number;
  value: string;
}

/**
 * What the rules ask of a run, read in one pass: the readiness checks' evaluations, the first
 * `[ERROR]`, the `[ERROR-REFERENCE]` lines and the lines that end a run.
 */
export interface RunFacts {
  readonly run: SetupRun;
  /** Every evaluation in the run by `Rule:Name` / `Setting:Name`, in file order. */
  readonly evaluations: ReadonlyMap<string, readonly Evaluation[]>;
  /** Index of the first `[ERROR]` line, or null. */
  readonly firstError: number | null;
  /** `[ERROR-REFERENCE] Id=… Component=…` lines, in file order. */
  readonly errorReferences: readonly { index: number; id: string }[];
  /** Index of `The Exchange Server setup operation completed successfully.`, or null. */
  readonly success: number | null;
  /** Index of `… setup operation didn't complete.`, or null. */
  readonly notCompleted: number | null;
  /** `Failed [Rule:Name]` lines by rule name (the readiness check's own verdict). */
  readonly failedRules: ReadonlyMap<string, number>;
}

const EVALUATED = /Evaluated \[(Rule|Setting):([^\]]+)\].*\[Value:"(.*)"\] \[ParentValue:/;
const ERROR_REFERENCE = /\[ERROR-REFERENCE\] Id=(.+?) Component=/;
const FAILED_RULE = /Failed \[Rule:([^\]]+)\]/;

/** Reads the facts of a run in one pass over its lines. */
export function readRunFacts(run: SetupRun): RunFacts {
  const evaluations = new Map<string, Evaluation[]>();
  const errorReferences: { index: number; id: string }[] = [];
  const failedRules = new Map<string, number>();
  let firstError: number | null = null;
  let success: number | null = null;
  let notCompleted: number | null = null;
  for (let i = run.start; i < run.end; i++) {
    const line = run.lines[i] as string;
    if (line.includes('Evaluated [')) {
      const m = EVALUATED.exec(line);
      if (m) {
        const key = `${m[1]}:${m[2]}`;
        const list = evaluations.get(key) ?? [];
        list.push({ index: i, value: m[3] as string });
        evaluations.set(key, list);
      }
    } else if (line.includes('[ERROR')) {
      if (line.includes('[ERROR]') && firstError === null) firstError = i;
      const ref = line.includes('[ERROR-REFERENCE]') ? ERROR_REFERENCE.exec(line) : null;
      if (ref) errorReferences.push({ index: i, id: ref[1] as string });
    } else if (line.includes('The Exchange Server setup operation')) {
      if (line.includes('completed successfully.')) success = i;
      else if (line.includes("didn't complete")) notCompleted = i;
    } else if (line.includes('Failed [Rule:')) {
      const m = FAILED_RULE.exec(line);
      if (m) failedRules.set(m[1] as string, i);
    }
  }
  return { run, evaluations, firstError, errorReferences, success, notCompleted, failedRules };
}

/** The last evaluation of a rule or setting in the run. */
export function lastEvaluation(facts: RunFacts, kind: 'Rule' | 'Setting', name: string): Evaluation | null {
  const list = facts.evaluations.get(`${kind}:${name}`);
  return list?.[list.length - 1] ?? null;
}

/** The line at an index as evidence. */
export function evidenceAt(facts: RunFacts, index: number): SetupLogEvidence {
  return { line: index + 1, text: facts.run.lines[index] as string };
}

/** The last line of the run matching `pattern` (literal `needle` tested first). */
export function lastInRun(facts: RunFacts, pattern: RegExp, needle?: string) {
  return lastMatch(facts.run, pattern, needle);
}

/** The last `[ERROR-REFERENCE]` of the run: the task Setup stopped on. */
export function lastErrorReference(facts: RunFacts): { index: number; id: string } | null {
  return facts.errorReferences[facts.errorReferences.length - 1] ?? null;
}

/**
 * The first `[ERROR]` of the run and the lines after it, through `toIndex` (the error reference)
 * and at most `after` lines: where the exception that stopped Setup is written out. `to` is
 * exclusive.
 */
export function errorContext(facts: RunFacts, toIndex: number | null, after = 200): { from: number; to: number } | null {
  if (facts.firstError === null) return null;
  const from = facts.firstError;
  const limit = Math.min(facts.run.end, from + after + 1);
  const to = toIndex === null ? limit : Math.max(from + 1, Math.min(toIndex + 1, limit));
  return { from, to };
}
