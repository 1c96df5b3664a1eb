import path from 'node:path';

/**
 * Full paths of the Windows programs the engine starts. A bare "reg.exe" is
 * looked up in the current folder and on PATH first, where a planted file
 * would run with the admin's rights; System32 is where Windows keeps them.
 */
export function systemProgram(name: 'powershell.exe' | 'reg.exe' | 'explorer.exe' | 'taskkill.exe', env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot || env.windir || 'C:\\Windows';
  if (name === 'explorer.exe') return path.win32.join(root, 'explorer.exe');
  if (name === 'powershell.exe') return path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  return path.win32.join(root, 'System32', name);
}
