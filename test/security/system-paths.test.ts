import { describe, expect, it } from 'vitest';
import { isPackagedApp } from '../../electron/engine/paths';
import { resolvePowerShellExecutable } from '../../electron/engine/powershell/executable';
import { systemProgram } from '../../electron/engine/system-programs';

describe('programs and paths the engine starts', () => {
  it('starts Windows programs by their full System32 path, never by a bare name found on PATH', () => {
    const env = { SystemRoot: 'C:\\Windows' };
    expect(systemProgram('reg.exe', env)).toBe('C:\\Windows\\System32\\reg.exe');
    expect(systemProgram('explorer.exe', env)).toBe('C:\\Windows\\explorer.exe');
    expect(systemProgram('taskkill.exe', env)).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(resolvePowerShellExecutable(env, 'win32', 'C:\\app', false)).toEqual({ path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', source: 'windows-powershell' });
  });

  it('reaches the 64-bit System32 (Sysnative) from a 32-bit Node on 64-bit Windows', () => {
    // What WOW64 sets for a 32-bit process on an x64 machine.
    const env = { SystemRoot: 'C:\\Windows', PROCESSOR_ARCHITECTURE: 'x86', PROCESSOR_ARCHITEW6432: 'AMD64' };
    expect(resolvePowerShellExecutable(env, 'win32', 'C:\\app', true).path).toBe('C:\\Windows\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(systemProgram('reg.exe', env)).toBe('C:\\Windows\\Sysnative\\reg.exe');
    // A 64-bit process has no PROCESSOR_ARCHITEW6432.
    expect(systemProgram('reg.exe', { SystemRoot: 'C:\\Windows', PROCESSOR_ARCHITECTURE: 'AMD64' })).toBe('C:\\Windows\\System32\\reg.exe');
  });

  it('honours EXWIZ_PWSH in development only, never in a packaged app', () => {
    const env = { SystemRoot: 'C:\\Windows', EXWIZ_PWSH: 'C:\\Users\\Public\\evil.exe' };
    expect(resolvePowerShellExecutable(env, 'win32', 'C:\\app', false).path).toBe('C:\\Users\\Public\\evil.exe');
    expect(resolvePowerShellExecutable(env, 'win32', 'C:\\app', true).path).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });

  it('knows a packaged app by its code living in app.asar', () => {
    expect(isPackagedApp('C:\\Program Files\\Exchange Remediation Wizard\\resources\\app.asar\\out\\main')).toBe(true);
    expect(isPackagedApp('/opt/exwiz/resources/app.asar')).toBe(true);
    expect(isPackagedApp('/work/repo/out/main')).toBe(false);
  });
});
