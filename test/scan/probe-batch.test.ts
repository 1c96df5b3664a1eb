import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runProbeBatch, type BatchRun } from '../../electron/engine/scan/probe-batch';
import { probeBatchScriptPath } from '../../electron/engine/scan/probe';
import { useRealPwshHost } from '../helpers/pwsh';

/**
 * Loads only the throttle rule out of Invoke-ServerProbeBatch.ps1 (its
 * function definition, found by PowerShell's parser) and asks it for the next
 * limit in each case.
 */
const RULE_SCRIPT = String.raw`
param([string]$BatchScript, $Cases)
$ErrorActionPreference = 'Stop'
$tokens = $null
$parseErrors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($BatchScript, [ref]$tokens, [ref]$parseErrors)
$rule = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-ExwizNextLimit' }, $true)
if ($null -eq $rule) { throw 'Get-ExwizNextLimit is not defined in the batch script.' }
. ([ScriptBlock]::Create($rule.Extent.Text))
$limits = @()
foreach ($case in @($Cases)) {
    $limits += Get-ExwizNextLimit -Limit $case.limit -Share $case.share -Growing $case.growing -Waiting $case.waiting -Running $case.running -MaxParallel 32 -Processors 2
}
return @{ limits = $limits }
`;

type Case = {
  limit: number;
  share: number;
  growing: boolean;
  waiting: number;
  running: number;
};

describe('the probe batch: its throttle and its runspaces (real pwsh)', () => {
  const real = useRealPwshHost('exwiz-throttle-');
  let script: string;
  let whoAmI: string;
  beforeAll(() => {
    script = path.join(real.scratch, 'rule.ps1');
    writeFileSync(script, RULE_SCRIPT, 'utf8');
    // A "probe" that fails with the id of the runspace it ran in.
    whoAmI = path.join(real.scratch, 'who-am-i.ps1');
    writeFileSync(whoAmI, "param($ServerName, $Wait = 0)\nStart-Sleep -Seconds $Wait\nthrow ('runspace ' + [runspace]::DefaultRunspace.InstanceId)\n", 'utf8');
  });

  const next = async (cases: Case[]): Promise<number[]> =>
    (await real.host.run(script, { BatchScript: probeBatchScriptPath(), Cases: cases }, { schema: z.object({ limits: z.array(z.number()) }) })).value.limits;
  const full = { growing: true, waiting: 40 };

  it('reaches its cap of 32 from 2 processors in three steps while the runspaces wait on the network', async () => {
    // The process uses a third of the machine, then 60 %: a batch of slow servers, not CPU-bound.
    expect(
      await next([
        { ...full, limit: 4, running: 4, share: 0.3 },
        { ...full, limit: 8, running: 8, share: 0.6 },
        { ...full, limit: 16, running: 16, share: 0.65 },
        { ...full, limit: 32, running: 32, share: 0.5 },
      ]),
    ).toEqual([8, 16, 32, 32]);
  });

  it('waits for the first result, for servers to wait, and for the limit to be used before it grows', async () => {
    expect(
      await next([
        { ...full, growing: false, limit: 4, running: 4, share: 0.1 },
        { ...full, waiting: 0, limit: 4, running: 4, share: 0.1 },
        { ...full, limit: 8, running: 5, share: 0.1 },
      ]),
    ).toEqual([4, 4, 8]);
  });

  it('holds between 70 and 85 % of the processors and gives one runspace back above, never below one per processor', async () => {
    expect(
      await next([
        { ...full, limit: 12, running: 12, share: 0.75 },
        { ...full, limit: 12, running: 12, share: 0.9 },
        { ...full, growing: false, limit: 2, running: 2, share: 1.0 },
      ]),
    ).toEqual([12, 11, 2]);
  });

  /** Runs a batch of `count` who-am-i probes and returns the runspaces they ran in. */
  const runspacesOf = async (count: number, options: { wait?: number; cancelAfterMs?: number } = {}): Promise<Set<string>> => {
    const runs: BatchRun[] = [];
    const cancel = new AbortController();
    if (options.cancelAfterMs !== undefined) setTimeout(() => cancel.abort(), options.cancelAfterMs);
    const batch = runProbeBatch(
      Array.from({ length: count }, (_, i) => ({ parameters: { ServerName: `s${i}`, Wait: options.wait ?? 0 } })),
      { runner: real.host, timeoutMs: 60_000, maxParallel: count, scriptPath: whoAmI, signal: cancel.signal },
      { started: () => undefined, finished: (_, run) => runs.push(run) },
    );
    if (options.cancelAfterMs !== undefined) {
      await expect(batch).rejects.toMatchObject({ code: 'cancelled' });
      return new Set();
    }
    await batch;
    return new Set(runs.map(run => ('failure' in run ? String((run.failure as Error).message).match(/runspace ([0-9a-f-]{36})/)?.[1] : undefined) ?? 'none'));
  };

  it('keeps its runspaces for the next batch in the same PowerShell, and opens fresh ones after a cancelled batch', async () => {
    const first = await runspacesOf(2, { wait: 1 });
    expect(first.size).toBe(2);
    expect(first.has('none')).toBe(false);
    const second = await runspacesOf(2, { wait: 1 });
    // The same runspaces again: nothing opened anew.
    expect([...second].every(id => first.has(id))).toBe(true);
    // A cancelled batch may leave runspaces stopping: the pool is closed, the next batch opens new ones.
    await runspacesOf(2, { wait: 30, cancelAfterMs: 2_000 });
    const after = await runspacesOf(2, { wait: 1 });
    expect(after.has('none')).toBe(false);
    expect([...after].some(id => first.has(id))).toBe(false);
  });
});
