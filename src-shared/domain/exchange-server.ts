import type { ServerFacts } from './facts';

/**
 * Rules about an Exchange server that every layer needs and that must not be
 * written twice: whether it is an Edge Transport server, and which version
 * text tells its build. Both work from the probe's facts when there are any,
 * else from what discovery saw.
 */

/** The slice of a server these rules read: its facts (null when it could not be probed) and discovery's roles. */
export interface ServerEvidence {
  facts: Pick<ServerFacts, 'identity' | 'exchange'> | null;
  /** Roles as discovery saw them (AD msExchCurrentServerRoles, Get-ExchangeServer). */
  roles: readonly string[];
  /** Version text discovery found (AD, Exchange shell, HTTPS); absent when discovery had none. */
  versionHint?: string | null | undefined;
}

/** Whether one role name is Exchange's Edge Transport role ("Edge", "EdgeTransport"). */
export function isEdgeRole(role: string): boolean {
  return /^edge/i.test(role.trim());
}

/**
 * An Edge Transport server (no Emergency Mitigation Service, no remote Exchange
 * shell, no AD preparation). The server's own answer decides when it was
 * probed (IsEdgeServer, or an Edge role in Get-ExchangeServer's list); only a
 * server that could not be probed is judged by discovery's roles.
 */
export function isEdgeTransport(server: Pick<ServerEvidence, 'facts' | 'roles'>): boolean {
  const identity = server.facts?.identity;
  if (identity) return identity.isEdge || identity.roles.some(isEdgeRole);
  return server.roles.some(isEdgeRole);
}

/** Where the version text that decides a server's build came from, most precise first. */
export type BuildSource = 'exsetup' | 'admin-display-version' | 'discovery';

/**
 * The version text to classify, in order of precision: ExSetup.exe's
 * FileVersion (exact, SU included); else Get-ExchangeServer's
 * AdminDisplayVersion (CU level only); else the version discovery saw.
 * Null when none of them is known.
 */
export function reportedBuild(server: ServerEvidence): { text: string; source: BuildSource } | null {
  const exSetup = server.facts?.exchange.exSetupVersion;
  if (exSetup) return { text: exSetup, source: 'exsetup' };
  const adminDisplay = server.facts?.identity.adminDisplayVersion;
  if (adminDisplay) return { text: adminDisplay, source: 'admin-display-version' };
  if (server.versionHint) return { text: server.versionHint, source: 'discovery' };
  return null;
}
