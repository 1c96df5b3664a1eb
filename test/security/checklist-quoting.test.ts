import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POWERSHELL_SINGLE_QUOTES, psQuote } from '../../src-shared/domain/powershell-quote';
import type { ServerPlan } from '../../src-shared/knowledge/types';
import { upgradeChecklist, type ChecklistServer } from '../../src-shared/wizard/upgrade-checklist';
import { compareWithPowerShellParser, type ParserRequest } from './powershell-parser';
import { preflightChecks } from '../../src-shared/analysis/preflight-checks';
import { cleanPreflight, healthyFacts } from '../analysis/fixtures';

const SENTINEL = 'zzsentinelzz';

const plan: ServerPlan = {
  serverName: 'EX1',
  currentBuild: '15.1.2507.6',
  target: { product: 'Exchange 2019', cu: 'CU15', update: 'Jun26SU', build: '15.2.1748.43' },
  summary: 'test',
  steps: (['install-cu', 'in-place-upgrade', 'install-su', 'install-su'] as const).map((kind, i) => ({
    id: `s${i}`,
    kind,
    title: kind,
    why: '',
    resultingBuild: null,
    updateId: `pkg-${i}`,
    prerequisites: [],
    esuOnly: false,
  })),
  notes: [],
  fixesEems: true,
};

/** Every command the checklist can produce, with `value` wherever data from a server or a file goes. */
function allCommands(value: string): string[] {
  const staged = {
    'pkg-0': `\\\\${value}\\C$\\ExchangeUpdates\\cu\\ExchangeServer2019-x64-CU15.iso`,
    'pkg-1': `C:\\ExchangeUpdates\\${value}\\se.iso`,
    'pkg-2': `C:\\ExchangeUpdates\\${value}\\su.exe`,
    'pkg-3': `C:\\ExchangeUpdates\\${value}\\su.msp`,
  };
  const servers: ChecklistServer[] = [
    { name: value, fqdn: `${value}.contoso.local`, product: 'Exchange 2016', isEdge: false, dagName: `DAG-${value}`, redirectTarget: `${value}.contoso.local` },
    { name: value, fqdn: null, product: 'Exchange 2019', isEdge: true, dagName: null, redirectTarget: null },
    // The pre-flight's fix commands name services and mailboxes as the server reported them.
    {
      name: value,
      fqdn: null,
      product: 'Exchange 2019',
      isEdge: false,
      dagName: null,
      redirectTarget: null,
      preflight: preflightChecks(
        {
          ...healthyFacts(),
          preflight: {
            ...cleanPreflight(),
            disabledExchangeServices: [{ name: value, status: 'Stopped', startType: 'Disabled' }],
            supportServices: [{ name: value, status: 'Stopped', startType: 'Manual' }],
            orphanedArbitrationMailboxes: [{ name: value, database: value }],
          },
        },
        { run: 'setup', isEdge: false, preparesAd: false },
      ),
    },
  ];
  return servers.flatMap(server => upgradeChecklist(server, plan, { stagedPaths: staged }).flatMap(item => item.commands));
}

/** Characters that end or escape PowerShell strings, or start code, mixed with name-like text. */
const hostileChar = fc.constantFrom(
  ...POWERSHELL_SINGLE_QUOTES,
  '"',
  '\u201C',
  '\u201D',
  '\u201E',
  '`',
  '$',
  '$(',
  '@(',
  ';',
  '|',
  '&',
  '#',
  '{',
  '}',
  '(',
  ')',
  ' ',
  '\n',
  '\r',
  '\t',
  '<',
  '>',
  '-',
  '.',
  'a',
  'x',
  '1',
);
const hostileName = fc
  .array(hostileChar, { minLength: 1, maxLength: 12 })
  .map(parts => parts.join(''))
  .filter(s => !s.includes(SENTINEL));

/** The commands that carry a value, for each name (commands without data are the same for all). */
function requestFor(names: string[]): ParserRequest {
  const benign = allCommands(SENTINEL);
  const carrying = benign.flatMap((text, i) => (text.includes(SENTINEL) ? [i] : []));
  const cases = names.flatMap((name, n) => {
    const built = allCommands(name);
    return carrying.map(index => ({ id: `${n}:${index}`, index, hostile: built[index] as string, value: name }));
  });
  return { sentinel: SENTINEL, benign, cases };
}

describe('copyable PowerShell commands', () => {
  it('doubles every character PowerShell reads as a single quote', () => {
    expect(psQuote("a'b\u2018c\u2019d\u201Ae\u201Bf")).toBe("'a''b\u2018\u2018c\u2019\u2019d\u201A\u201Ae\u201B\u201Bf'");
    expect(psQuote('$(calc)`;')).toBe("'$(calc)`;'");
  });

  it('keeps a server name a string constant in every checklist command, as PowerShell itself parses them', () => {
    const seed = Date.now() % 100000;
    const names = ["ex1'; calc; '", 'ex1\u2019; calc; \u2019', 'ex1\u2018)+(calc)+(\u201B', 'ex1\u201A $(calc) `', ...fc.sample(hostileName, { numRuns: 40, seed })];
    const request = requestFor(names);
    expect(request.cases.length).toBeGreaterThan(names.length * 20);
    const failures = compareWithPowerShellParser(request);
    const described = failures.slice(0, 5).map(f => {
      const hostile = request.cases.find(c => c.id === f.id)!.hostile;
      return `${f.reason} in ${JSON.stringify(hostile)} (seed ${seed})`;
    });
    expect(described).toEqual([]);
  }, 120_000);
});
