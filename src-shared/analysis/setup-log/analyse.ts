import { AppError } from '../../domain/errors';
import { readContext } from './context';
import { lastSetupRun } from './last-run';
import { splitLogLines } from './lines';
import { rerunAfterChecksStep, rerunStep } from './recovery';
import { errorContext, evidenceAt, lastErrorReference, readRunFacts, type RunFacts } from './run-facts';
import { ERROR_CONTEXT_RULES } from './rules/error-context-rules';
import { errorReferenceCause } from './rules/error-reference-rules';
import { expiredCertificate, hybridObjectOnPremises, installerCache, invalidWellKnownObject, schemaImport, topologyService, wrongGroupType } from './rules/find-context-rules';
import { prerequisiteCauses } from './rules/prerequisite-rules';
import type { SetupLogRule } from './rules/rule';
import type { SetupLogAnalysis, SetupLogCause } from './types';

/**
 * The failure Setup stopped on, recognised in its exception: the error-context rules on the lines
 * from the first `[ERROR]` through the last `[ERROR-REFERENCE]`, then the rules known by the task
 * id. Without an error reference Setup did not stop on a component task.
 */
const knownIssueByErrors: SetupLogRule = facts => {
  const reference = lastErrorReference(facts);
  if (!reference) return null;
  const range = errorContext(facts, reference.index);
  if (!range) return null;
  for (const rule of ERROR_CONTEXT_RULES) {
    const cause = rule(facts, range);
    if (cause) return cause;
  }
  return errorReferenceCause(facts, reference, errorContext(facts, reference.index) ?? range);
};

/** After the readiness checks, in SetupLogReviewer's order; the first that matches is the cause. */
const FAILURE_RULES: readonly SetupLogRule[] = [schemaImport, installerCache, knownIssueByErrors, expiredCertificate, invalidWellKnownObject, hybridObjectOnPremises, wrongGroupType, topologyService];

/**
 * Readiness checks Setup failed that no rule names, each with its own line: a `Failed [Rule:…]`
 * line, or (when the run stopped before any component task, so the checks stopped it) a rule
 * that evaluated True.
 */
function otherFailedChecks(facts: RunFacts): SetupLogCause[] {
  const failed = new Map(facts.failedRules);
  if (facts.errorReferences.length === 0 && (facts.notCompleted !== null || facts.firstError !== null)) {
    for (const [key, evaluations] of facts.evaluations) {
      const last = evaluations[evaluations.length - 1];
      const rule = key.slice('Rule:'.length);
      if (key.startsWith('Rule:') && last?.value === 'True' && !failed.has(rule)) failed.set(rule, last.index);
    }
  }
  return [...failed.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([rule, index]) => ({
      id: `readiness-check-${rule.replace(/[^A-Za-z0-9]/g, '')}`,
      title: `Setup's readiness check ${rule} failed`,
      evidence: [evidenceAt(facts, index)],
      fix: [
        `Read what the check means on Microsoft Learn (ms.exch.setupreadiness.${rule}) and correct it; the message on the evidence line, where Setup wrote one, says what it found.`,
        rerunAfterChecksStep(facts),
      ],
    }));
}

/** A failure no rule knows: the lines that show where it stopped, and how to go on. */
function unrecognisedFailure(facts: RunFacts): SetupLogCause {
  const reference = lastErrorReference(facts);
  const indexes = [...new Set([facts.firstError, reference?.index, facts.notCompleted].filter((i): i is number => i !== null && i !== undefined))].sort((a, b) => a - b);
  const first = facts.firstError === null ? null : (facts.run.lines[facts.firstError] as string).replace(/^.*?\[ERROR\]\s*/, '');
  return {
    id: 'unrecognised-error',
    title: first ? `Setup stopped on an error the wizard does not recognise: ${first.length > 160 ? `${first.slice(0, 157)}...` : first}` : 'Setup did not complete, and the log does not say why',
    evidence: indexes.map(i => evidenceAt(facts, i)),
    fix: [
      'Read the exception from the first [ERROR] line down to the [ERROR-REFERENCE] line: it names what Setup could not do.',
      "Run Microsoft's SetupAssist.ps1 on the server: it checks the usual causes (pending restart, group membership, Active Directory objects, services, installer cache).",
      rerunStep(facts),
    ],
  };
}

function diagnose(facts: RunFacts): SetupLogCause[] {
  const readiness = prerequisiteCauses(facts);
  if (readiness.length > 0) return readiness;
  for (const rule of FAILURE_RULES) {
    const cause = rule(facts);
    if (cause) return [cause];
  }
  return otherFailedChecks(facts);
}

/**
 * Diagnoses the last Setup run of an ExchangeSetup.log (its whole text, as decoded from the
 * file). Throws `AppError('not-found')` when the text holds no Setup run.
 */
export function analyseSetupLog(text: string): SetupLogAnalysis {
  const run = lastSetupRun(splitLogLines(text));
  if (!run) {
    throw new AppError('not-found', 'This file holds no Exchange Setup run: no "Starting Microsoft Exchange Server … Setup" line.', {
      fix: 'Give C:\\ExchangeSetupLogs\\ExchangeSetup.log from the server (the log of Setup.exe, not of an SU .msp or of a Setup that never started).',
    });
  }
  const facts = readRunFacts(run);
  const context = readContext(facts);
  if (facts.success !== null) return { outcome: 'succeeded', causes: [], context };
  const causes = diagnose(facts);
  if (causes.length > 0) return { outcome: 'failed', causes, context };
  if (facts.firstError !== null || facts.notCompleted !== null) return { outcome: 'failed', causes: [unrecognisedFailure(facts)], context };
  return { outcome: 'incomplete', causes: [], context };
}
