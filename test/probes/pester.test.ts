import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exportCollector } from '../../electron/engine/collector/collector';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import { builtInCatalog, certificateLogSymptoms } from '../../src-shared/knowledge';
import { useRealPwshHost } from '../helpers/pwsh';

/** Pester from NuGet in .tools/.pester (scripts/lib/ensure-pester.mjs; EXWIZ_PESTER overrides). */
async function pester(): Promise<string> {
  const script = pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'lib', 'ensure-pester.mjs')).href;
  const { ensurePester } = (await import(script)) as { ensurePester: (o?: { say?: (t: string) => void }) => string | null };
  const found = ensurePester({ say: () => undefined });
  if (!found) throw new Error('Pester is needed for these tests and could not be installed: see the message above.');
  return found;
}

const PesterResult = z.object({ passed: z.number(), failed: z.number(), failures: z.array(z.string()).nullable().optional() });

describe('the PowerShell functions, tested with Pester', () => {
  const pwsh = useRealPwshHost('exwiz-pester-');

  it('passes the probe and collector Pester tests (under Set-StrictMode -Version Latest)', async () => {
    const collector = await exportCollector(path.join(pwsh.scratch, 'export'), certificateLogSymptoms(builtInCatalog().certificateRules));
    const { value } = await pwsh.host.run(
      path.join(__dirname, '..', 'helpers', 'Invoke-ExwizPester.ps1'),
      {
        PesterPath: await pester(),
        ProbeTests: path.join(__dirname, 'pester', 'server-functions.Tests.ps1'),
        ResourceDirectory: powershellScriptsDirectory(),
        CollectorTests: path.join(__dirname, '..', 'collector', 'pester', 'collector.Tests.ps1'),
        CollectorPath: collector,
      },
      { schema: PesterResult },
    );
    expect(value.failures ?? []).toEqual([]);
    expect(value.failed).toBe(0);
    expect(value.passed).toBeGreaterThanOrEqual(11);
  });
});
