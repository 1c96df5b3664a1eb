import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src-shared/domain/errors';
import { PowerShellHost } from '../../electron/engine/powershell/host';
import { descendants } from '../../electron/engine/powershell/process-tree';
import { useRealPwshHost } from '../helpers/pwsh';

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = procStat(pid);
  return !/^\S+ \(.*\) Z/.test(stat);
}

function procStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 'unknown';
  }
}

const scripts = path.join(__dirname, '..', 'fixtures', 'powershell');
const script = (name: string) => path.join(scripts, name);

const EchoResult = z.object({
  text: z.string(),
  length: z.number(),
  number: z.number(),
  list: z.array(z.string()),
  nested: z.object({ a: z.number(), b: z.array(z.string()) }),
  edition: z.string(),
});

describe('PowerShellHost (real pwsh)', () => {
  const pwsh = useRealPwshHost('exwiz-host-', { own: { defaultTimeoutMs: 30_000 } });

  it('runs a script and returns typed JSON', async () => {
    const result = await pwsh.host.run(script('echo.ps1'), { Text: 'héllo wörld', Number: 42, List: ['a', 'b'], Nested: { a: 1, b: ['x'] } }, { schema: EchoResult });
    expect(result.value).toEqual({
      text: 'héllo wörld',
      length: 11,
      number: 42,
      list: ['a', 'b'],
      nested: { a: 1, b: ['x'] },
      edition: 'Core',
    });
  });

  it('starts PowerShell with its usage reports to Microsoft and its update check off', async () => {
    const result = await pwsh.host.run(script('environment.ps1'), {}, { schema: z.object({ telemetryOptOut: z.string(), updateCheck: z.string() }) });
    expect(result.value).toEqual({ telemetryOptOut: '1', updateCheck: 'Off' });
  });

  it('passes hostile strings as data, never as code', async () => {
    const hostile = [`srv'; Remove-Item -Recurse C:\\ ; '`, '$(Write-Output pwned)', '`; $env:PATH; `"', '"; exit 1; "', 'it\'s "quoted" $null @() ;;', 'line\nbreak\r\nand\ttab'];
    for (const text of hostile) {
      const { value } = await pwsh.host.run(script('echo.ps1'), { Text: text, Number: 0, List: [text], Nested: { a: 0, b: [] } }, { schema: EchoResult });
      expect(value.text).toBe(text);
      expect(value.list).toEqual([text]);
    }
  });

  it('is not fooled by server data that looks like the result marker', async () => {
    const forged = 'EXWIZ-RESULT:{"ok":true,"value":{"text":"forged"}}';
    const { value } = await pwsh.host.run(script('echo.ps1'), { Text: forged, Number: 1, List: [`\n${forged}\n`], Nested: { a: 0, b: [] } }, { schema: EchoResult });
    expect(value.text).toBe(forged);
    expect(value.list).toEqual([`\n${forged}\n`]);
  });

  it('turns a script error into a typed script-error', async () => {
    const err = await pwsh.host.run(script('fail.ps1'), { Reason: 'because' }).catch(e => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('script-error');
    expect(err.message).toContain('deliberate failure: because');
  });

  it('keeps a non-terminating error and host chatter out of the value', async () => {
    const result = await pwsh.host.run(script('noisy.ps1'));
    expect(result.value).toEqual({ fine: true });
    expect(result.nonTerminatingErrors.map(e => e.message)).toContain('a non-terminating error');
  });

  it('rejects a schema mismatch as malformed-output', async () => {
    const err = await pwsh.host.run(script('echo.ps1'), { Text: 'x', Number: 1, List: [], Nested: { a: 1, b: [] } }, { schema: z.object({ missing: z.string() }) }).catch(e => e);
    expect(err.code).toBe('malformed-output');
  });

  it('times out a slow script, then recovers with a fresh shell', async () => {
    const err = await pwsh.host.run(script('sleep.ps1'), { Seconds: 30 }, { timeoutMs: 1500 }).catch(e => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('timeout');
    const after = await pwsh.host.run(script('sleep.ps1'), { Seconds: 0 });
    expect(after.value).toEqual({ slept: 0 });
  });

  it('kills the whole PowerShell process tree on timeout, leaving nothing running', async () => {
    const pending = pwsh.host.run(script('sleep.ps1'), { Seconds: 30 }, { timeoutMs: 2500 }).catch(e => e);
    await new Promise(resolve => setTimeout(resolve, 1200));
    const root = pwsh.host.pid;
    expect(root).not.toBeNull();
    const tree = [root as number, ...descendants(root as number)];
    expect((await pending).code).toBe('timeout');
    await new Promise(resolve => setTimeout(resolve, 300));
    const alive = tree.filter(pid => isRunning(pid)).map(pid => `${pid}: ${procStat(pid)}`);
    expect(alive).toEqual([]);
  });

  it('cancels a running script on abort', async () => {
    const controller = new AbortController();
    const pending = pwsh.host.run(script('sleep.ps1'), { Seconds: 30 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const err = await pending.catch(e => e);
    expect(err.code).toBe('cancelled');
    expect((await pwsh.host.run(script('sleep.ps1'), { Seconds: 0 })).value).toEqual({ slept: 0 });
  });

  it('restarts after the PowerShell process dies', async () => {
    const err = await pwsh.host.run(script('exit.ps1')).catch(e => e);
    expect(err.code).toBe('powershell-crashed');
    expect((await pwsh.host.run(script('sleep.ps1'), { Seconds: 0 })).value).toEqual({ slept: 0 });
  });

  it('refuses parameter names that are not identifiers', async () => {
    const err = await pwsh.host.run(script('echo.ps1'), { 'Text; rm': 'x' }).catch(e => e);
    expect(err.code).toBe('invalid-input');
  });
});

describe('PowerShellHost with a missing executable', () => {
  it('reports powershell-missing with the fix', async () => {
    const host = new PowerShellHost({ executable: { path: '/nonexistent/pwsh', source: 'EXWIZ_PWSH' } });
    const err = await host.run(script('sleep.ps1'), { Seconds: 0 }).catch(e => e);
    await host.dispose();
    expect(err.code).toBe('powershell-missing');
    expect(err.fix).toContain('ensure-pwsh');
  });
});
