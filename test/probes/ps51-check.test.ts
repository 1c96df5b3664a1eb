import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requirePwsh } from '../helpers/pwsh';

const root = path.resolve(__dirname, '..', '..');
const checker = path.join(root, 'scripts', 'ps51-check.mjs');
const everyConstruct = path.join(__dirname, 'ps51', 'every-construct.ps1');
const clean = path.join(__dirname, 'ps51', 'clean.ps1');

interface CheckerModule {
  commandStringsOf(file: string, sourceText?: string): { items: { label: string; line: number; text: string }[]; bypasses: string[] };
  checkItemsCached(
    items: { label: string; line: number; text?: string; path?: string }[],
    cacheFile: string,
  ): { checked: number; walked: number; problems: { label: string; line: number; what: string }[] };
}
const load = () => import(/* @vite-ignore */ checker) as Promise<CheckerModule>;

async function runChecker(...files: string[]): Promise<{ code: number; lines: string[] }> {
  try {
    // Walked afresh: what the walker finds is under test here, not what a cache kept.
    const { stdout } = await promisify(execFile)(process.execPath, [checker, ...files], { cwd: root, env: { ...process.env, EXWIZ_PS51_CACHE: '0' } });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    if (failed.code !== 1) throw new Error(`ps51-check failed to run: ${failed.stderr}`, { cause: err });
    return { code: 1, lines: failed.stdout.trim().split('\n') };
  }
}

/** The fixture's expectations: "# expect: a; b" on a line, or "# expect above: a" for the line before. */
function expectations(file: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const match = /# expect( above)?: (.+)$/.exec(text);
      if (!match) return;
      const line = match[1] ? index : index + 1;
      expected.set(line, [...(expected.get(line) ?? []), ...(match[2] as string).split('; ')]);
    });
  return expected;
}

/** Each reported "FILE:LINE: what" as line and what. */
function reports(lines: string[], file: string): { line: number; what: string }[] {
  const prefix = `${path.relative(root, file)}:`;
  return lines
    .filter(l => l.startsWith(prefix))
    .map(l => {
      const [, line, what] = /^[^:]+:(\d+): (.*)$/.exec(l.slice(0)) as RegExpExecArray;
      return { line: Number(line), what: what as string };
    });
}

describe('scripts/ps51-check.mjs: what Windows PowerShell 5.1 cannot run', () => {
  it('reports every construct it claims to catch, each at its line, and nothing else', async () => {
    requirePwsh();
    const { code, lines } = await runChecker(everyConstruct);
    expect(code).toBe(1);
    const found = reports(lines, everyConstruct);
    const expected = expectations(everyConstruct);
    expect(expected.size).toBeGreaterThanOrEqual(65);
    for (const [line, whats] of expected) {
      for (const what of whats) {
        const atLine = found.filter(f => f.line === line).map(f => f.what);
        expect(
          atLine.some(w => w.includes(what)),
          `line ${line}: "${what}" in ${JSON.stringify(atLine)}`,
        ).toBe(true);
      }
    }
    const unexpected = found.filter(f => !expected.has(f.line));
    expect(unexpected).toEqual([]);
  }, 120_000);

  it('reports nothing in a file written the 5.1 way, and exits 0', async () => {
    requirePwsh();
    const { code, lines } = await runChecker(clean);
    expect(lines).toEqual(['Windows PowerShell 5.1: nothing found in 1 file(s).']);
    expect(code).toBe(0);
  }, 120_000);

  it('finds the commands the TypeScript shows or sends, and reports them at the TypeScript line', async () => {
    requirePwsh();
    const { commandStringsOf, checkItemsCached } = await load();
    const source = [
      'const query = (year: string) => `Get-ItemProperty -Path ${year} | Join-String`;',
      'const lines = [`$a = $true ? 1 : 2`];',
      'export const item = {',
      "  title: 'Get-Error is only a title here',",
      "  commands: [query('2012'), ...lines, cond ? 'Get-Uptime' : 'Get-Date -AsUTC'],",
      '};',
      'commands.push(`Invoke-WebRequest -Uri ${url} -SkipCertificateCheck`);',
      'shell.invoke(`Get-Process`);',
    ].join('\n');
    const file = path.join(root, 'src-shared', 'wizard', 'example.ts');
    const { items, bypasses } = commandStringsOf(file, source);
    expect(items.map(i => [i.line, i.text])).toEqual([
      [1, 'Get-ItemProperty -Path $($EXWIZVALUE) | Join-String'],
      [2, '$a = $true ? 1 : 2'],
      [5, 'Get-Uptime'],
      [5, 'Get-Date -AsUTC'],
      [7, 'Invoke-WebRequest -Uri $($EXWIZVALUE) -SkipCertificateCheck'],
    ]);
    expect(bypasses).toEqual([expect.stringMatching(/^src-shared\/wizard\/example\.ts:8: command text sent to a shell without a builder/)]);
    // Through the cache (a fresh one): the same walk, each problem kept to its own item though
    // the five share a label; a second run walks nothing, and a changed string alone is walked again.
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'exwiz-ps51-cache-')), 'results.json');
    try {
      const first = checkItemsCached(items, cache);
      expect(first).toMatchObject({ checked: 5, walked: 5 });
      const { problems } = first;
      expect(problems.map(p => `${p.label}:${p.line}`)).toEqual([
        'src-shared/wizard/example.ts:1',
        'src-shared/wizard/example.ts:2',
        'src-shared/wizard/example.ts:5',
        'src-shared/wizard/example.ts:5',
        'src-shared/wizard/example.ts:7',
      ]);
      const second = checkItemsCached(items, cache);
      expect(second).toEqual({ checked: 5, walked: 0, problems });
      const changed = items.map((item, i) => (i === 1 ? { ...item, text: '$a = 1' } : item));
      const third = checkItemsCached(changed, cache);
      expect(third.walked).toBe(1);
      expect(third.problems).toEqual(problems.filter(p => p.line !== 2));
    } finally {
      rmSync(path.dirname(cache), { recursive: true, force: true });
    }
  }, 120_000);
});
