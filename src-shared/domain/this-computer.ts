import { z } from 'zod';
import type { AppErrorShape } from './errors';
import { psQuote } from './powershell-quote';
import { sameServer } from './server-identity';

/**
 * The computer the wizard runs on, as Get-ThisComputer.ps1 reads it. In the
 * one-server office the admin starts the wizard on the Exchange server itself:
 * then remoting back to it needs elevation, so the probe runs in-process and
 * staging writes to the local disk.
 */
export const ThisComputer = z.object({
  name: z.string(),
  fqdn: z.string().nullable(),
  /** Exchange Setup's MsiInstallPath (HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup); null: not an Exchange server. */
  exchangeInstallPath: z.string().nullable(),
  /** Whether the wizard runs with an elevated (administrator) token; null where Windows identities do not exist. */
  elevated: z.boolean().nullable(),
});
export type ThisComputer = z.infer<typeof ThisComputer>;

/** Whether a server named in discovery or a scan is this computer, and an Exchange server. */
export function isThisExchangeServer(computer: ThisComputer | null | undefined, server: { name: string; fqdn?: string | null }): boolean {
  if (!computer || computer.exchangeInstallPath === null) return false;
  return [server.name, server.fqdn].some(name => sameServer(name, computer.name) || (computer.fqdn !== null && sameServer(name, computer.fqdn)));
}

/**
 * The PowerShell line that starts a program again elevated: `Start-Process -Verb RunAs`
 * of its own executable with its own arguments, every literal quoted. Arguments holding
 * a space are wrapped in double quotes too, because Start-Process joins the list with
 * spaces into one command line.
 */
export function restartAsAdministratorCommand(executable: string, args: readonly string[]): string {
  const list = args.map(arg => psQuote(/\s/.test(arg) ? `"${arg}"` : arg));
  return `Start-Process -Verb RunAs -FilePath ${psQuote(executable)}${list.length > 0 ? ` -ArgumentList ${list.join(',')}` : ''}`;
}

/**
 * The one-line notice for the wizard running on the Exchange server without elevation:
 * an elevation problem, never a permissions one (the account may well be in Organization
 * Management). `restart` is how to start it again as administrator (a button's label
 * in the desktop app, the exact command elsewhere).
 */
export function notElevatedError(computer: ThisComputer, restart: string): AppErrorShape {
  return {
    code: 'not-elevated',
    message: `The wizard runs on ${computer.name}, this Exchange server, without administrator rights: Windows lets it read and stage here only when elevated.`,
    fix: `Restart as administrator: ${restart}`,
  };
}
