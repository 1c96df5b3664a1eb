import path from 'node:path';

/**
 * Full paths of the Windows programs the engine starts. A bare "reg.exe" is
 * looked up in the current folder and on PATH first, where a planted file
 * would run with the admin's rights; System32 is where Windows keeps them.
 *
 * A 32-bit Node on 64-bit Windows (WOW64, which sets PROCESSOR_ARCHITEW6432)
 * sees SysWOW64 under the name System32: its PowerShell would be the 32-bit
 * one, which reads the 32-bit registry view (no Exchange Setup key, another
 * .NET key) and loads no 64-bit Exchange snap-in. "Sysnative" is the name under
 * which such a process reaches the real, 64-bit System32.
 */
export function systemProgram(name: 'powershell.exe' | 'reg.exe' | 'explorer.exe' | 'taskkill.exe', env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot || env.windir || 'C:\\Windows';
  if (name === 'explorer.exe') return path.win32.join(root, 'explorer.exe');
  const system = env.PROCESSOR_ARCHITEW6432 ? 'Sysnative' : 'System32';
  if (name === 'powershell.exe') return path.win32.join(root, system, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  return path.win32.join(root, system, name);
}
