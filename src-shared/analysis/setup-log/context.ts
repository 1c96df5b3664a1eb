import { lastEvaluation, lastInRun, type RunFacts } from './run-facts';
import type { SetupLogContext } from './types';

const LOGGED_ON_USER = /Logged on user: (.+)\.\s*$/;
const SCHEMA_MASTER = /Setup will attempt to use the Schema Master domain controller (\S+?)\.?\s*$/;

/** The DNS domain of a fully qualified name (`EX01.contoso.com` → `contoso.com`), null for a bare name. */
export function dnsDomainOf(fqdn: string | null): string | null {
  if (fqdn === null) return null;
  const dot = fqdn.indexOf('.');
  return dot > 0 && dot < fqdn.length - 1 ? fqdn.slice(dot + 1) : null;
}

/** A setting's value, with Setup's `<NULL>` and empty values as null. */
export function settingValue(facts: RunFacts, name: string): string | null {
  const value = lastEvaluation(facts, 'Setting', name)?.value ?? null;
  return value === null || value === '' || value === '<NULL>' ? null : value;
}

/** Who ran Setup where: the account, the computer, its domain and AD site, the schema master. */
export function readContext(facts: RunFacts): SetupLogContext {
  const computer = settingValue(facts, 'ComputerNameDnsFullyQualified');
  return {
    user: lastInRun(facts, LOGGED_ON_USER, 'Logged on user:')?.match[1] ?? null,
    computer,
    domain: dnsDomainOf(computer),
    site: settingValue(facts, 'SiteName'),
    schemaMaster: lastInRun(facts, SCHEMA_MASTER, 'Schema Master domain controller')?.match[1] ?? null,
  };
}
