import { psQuote } from '../../../domain/powershell-quote';
import { firstMatch } from '../last-run';
import { readContext } from '../context';
import { rerunStep } from '../recovery';
import { evidenceAt, type RunFacts } from '../run-facts';
import type { SetupLogCause } from '../types';
import type { ErrorRange } from './error-context-rules';

/**
 * A failure known by the task Setup stopped on (`[ERROR-REFERENCE] Id=<task>`) and a line of its
 * exception. The ids are the component tasks' own, stable across builds.
 */
interface ErrorReferenceRule {
  id: string;
  /** The `[ERROR-REFERENCE] Id=` value. */
  task: string;
  /** A line between the first `[ERROR]` and the reference that confirms it. */
  pattern: RegExp;
  needle: string;
  title: string;
  fix(facts: RunFacts, confirming: RegExpExecArray, range: ErrorRange): string[];
}

const USED_DC_TO_READ = /Used domain controller (.+?) to read object (.+)\./;

/** Failures known by the task Setup stopped on: domain permissions, FIP-FS configuration, ActiveSync vdirs. */
export const ERROR_REFERENCE_RULES: readonly ErrorReferenceRule[] = [
  {
    id: 'initialize-domain-permissions',
    task: 'DomainGlobalConfig___27a706ffe123425f9ee60cb02b930e81',
    pattern: /SecErr: DSID-.+ problem 4003 \(INSUFF_ACCESS_RIGHTS\)/i,
    needle: 'INSUFF_ACCESS_RIGHTS',
    title: 'Setup may not set the permissions of the domain (insufficient access rights while preparing the domain)',
    fix: (facts, _m, range) => {
      // The object is named on the line just before the first error.
      const before = range.from > facts.run.start ? USED_DC_TO_READ.exec(facts.run.lines[range.from - 1] as string) : null;
      const object = before ? (before[2] as string) : 'the domain object';
      const user = readContext(facts).user ?? 'the account that ran Setup';
      return [
        `The account ${user} could not write permissions (ACEs) on ${object}.`,
        'Check that no Deny entry applies to that account on the object; Enterprise Admins and BUILTIN\\Administrators have the right to change permissions by default (dsacls shows them).',
        `If the cause cannot be found, give ${user} Full Control on ${object} for the time of /PrepareDomain.`,
        rerunStep(facts),
      ];
    },
  },
  {
    id: 'fips-configuration-upgrade',
    task: 'BridgeheadComponent___9FAA17C4-73D7-4E6D-9012-6274971434D5',
    pattern: /Access to the path is denied\./,
    needle: 'Access to the path',
    title: 'Setup could not upgrade the FIPS (FIP-FS anti-malware) configuration: access to the path is denied',
    fix: facts => [
      'Setup could not write V15\\FIP-FS\\Data\\Configuration.xml under the Exchange install folder.',
      'Check the permissions on that folder and file (SYSTEM and Administrators need Full Control) and that no antivirus or backup agent holds it; Process Monitor shows what denies access.',
      rerunStep(facts),
    ],
  },
  {
    id: 'multiple-activesync-vdirs',
    task: 'CafeComponent___e1130a139a734d90b6c5eec88868fbe9',
    pattern: /Cannot convert 'System\.Object\[\]' to the type 'Microsoft\.Exchange\.Configuration\.Tasks\.VirtualDirectoryIdParameter'/,
    needle: 'VirtualDirectoryIdParameter',
    title: 'The server has more than one Exchange ActiveSync virtual directory',
    fix: facts => {
      const computer = readContext(facts).computer;
      const server = computer ? psQuote(computer.split('.')[0] as string) : '$env:COMPUTERNAME';
      return [
        `List them: Get-ActiveSyncVirtualDirectory -Server ${server} | Format-Table Name,WebSite,InternalUrl,ExternalUrl. Setup expects exactly one.`,
        'Remove the extra, custom one (Remove-ActiveSyncVirtualDirectory with its identity) after noting its settings.',
        rerunStep(facts),
      ];
    },
  },
];

/** The cause when the task Setup stopped on is one of the known ones and its exception confirms it. */
export function errorReferenceCause(facts: RunFacts, reference: { index: number; id: string }, range: ErrorRange): SetupLogCause | null {
  for (const rule of ERROR_REFERENCE_RULES) {
    if (reference.id !== rule.task) continue;
    const hit = firstMatch(facts.run, rule.pattern, rule.needle, range.from, range.to);
    if (!hit) continue;
    return {
      id: rule.id,
      title: rule.title,
      evidence: [evidenceAt(facts, hit.index), evidenceAt(facts, reference.index)],
      fix: rule.fix(facts, hit.match, range),
    };
  }
  return null;
}
