import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCollectorScript } from '../../electron/engine/collector/collector';
import { useRealPwshHost } from '../helpers/pwsh';


const root = path.resolve(__dirname, '..', '..');
const folders = ['resources/powershell/probes', 'resources/powershell/lab', 'resources/powershell/lab/parts', 'resources/powershell/discovery', 'resources/powershell/collector', 'lab/demo', 'resources/powershell/transfer', 'resources/powershell/host', 'resources/powershell/setup'];

const Report = z.object({
  files: z.number(),
  problems: z.array(z.object({ file: z.string(), line: z.number(), what: z.string(), text: z.string() })),
});

/**
 * The probes run on Windows PowerShell 5.1 on the servers. Only PowerShell 7
 * runs here, so its parser checks every script for what 5.1 cannot run.
 */
describe('PowerShell scripts stay valid on Windows PowerShell 5.1', () => {
  const real = useRealPwshHost('exwiz-ps51-', 60_000);

  it('has no parse error and no PowerShell-7-only syntax, operator or parameter', async () => {
    const files = folders.flatMap(folder =>
      readdirSync(path.join(root, folder))
        .filter(f => /\.(ps1|psm1)$/.test(f))
        .map(f => path.join(root, folder, f)),
    );
    // The exported collector is composed from several files: check the result too.
    const collector = path.join(real.scratch, 'Exwiz-Collector.ps1');
    writeFileSync(collector, await buildCollectorScript(), 'utf8');
    files.push(collector);
    const { value } = await real.host.run(path.join(__dirname, 'ps51-syntax.ps1'), { Paths: files }, { schema: Report });
    expect(value.files).toBeGreaterThanOrEqual(10);
    expect(value.problems).toEqual([]);
  });

  it('the checker itself catches PowerShell 7 syntax', async () => {
    const bad = path.join(real.scratch, 'bad.ps1');
    writeFileSync(bad, '$a = $true ? 1 : 2\n$b = $null ?? 3\nGet-Item x && Get-Item y\n$c = ConvertFrom-Json "{}" -AsHashtable\nJoin-Path a b c\n', 'utf8');
    const { value } = await real.host.run(path.join(__dirname, 'ps51-syntax.ps1'), { Paths: [bad] }, { schema: Report });
    const what = value.problems.map(p => p.what).join('\n');
    expect(what).toMatch(/TernaryExpressionAst/);
    expect(what).toMatch(/QuestionQuestion/);
    expect(what).toMatch(/PipelineChainAst|AndAnd/);
    expect(what).toMatch(/AsHashtable/);
    expect(what).toMatch(/Join-Path with more than two paths/);
  });
});
