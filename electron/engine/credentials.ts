import { serverKey } from '../../src-shared/domain/server-identity';

/**
 * "Connect as…": the account an admin gave for a server Kerberos cannot reach (a workgroup
 * Edge server), and whether WinRM goes over HTTPS. Held in this process's memory only: never
 * in the session file, the audit or a log; gone when the wizard closes.
 */
export interface ServerCredential {
  userName: string;
  password: string;
  /** WinRM over HTTPS (port 5986); otherwise HTTP, which Windows allows only for TrustedHosts. */
  useSsl: boolean;
}

/** The credentials given in this run, by server. */
export class CredentialStore {
  private readonly byServer = new Map<string, ServerCredential>();

  /** Keeps (or, with null, forgets) the credential for a server. */
  set(server: string, credential: ServerCredential | null): void {
    if (credential === null) this.byServer.delete(serverKey(server));
    else this.byServer.set(serverKey(server), { ...credential });
  }

  /** The credential for a server, by its short name or FQDN. */
  get(server: string | null | undefined): ServerCredential | undefined {
    return server ? this.byServer.get(serverKey(server)) : undefined;
  }

  /** The servers that have one (names only, for the page). */
  servers(): string[] {
    return [...this.byServer.keys()];
  }
}

/** The credential as the PowerShell scripts take it (parameters, through the base64 channel). */
export function credentialParameters(credential: ServerCredential | undefined): { Credential?: { userName: string; password: string }; UseSsl?: boolean } {
  if (!credential) return {};
  return { Credential: { userName: credential.userName, password: credential.password }, ...(credential.useSsl ? { UseSsl: true } : {}) };
}
