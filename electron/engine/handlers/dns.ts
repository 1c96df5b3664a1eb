import { validateHostName } from '../../../src-shared/domain/host-names';
import type { EngineHandlers } from '../dispatch';
import { forwardLookup, isIpv4, reverseLookup, type ReverseLookup } from '../discovery/dns-lookup';

/**
 * Asks this computer's DNS whether each typed server name exists, so a misspelt name is said
 * plainly on the Discover step ("No server called X in DNS") instead of failing later as an
 * unreachable, critical server. An IPv4 address needs no forward lookup; its DNS name is looked
 * up in reverse (Kerberos needs the name).
 */
export function createDnsHandlers(lookupPtr?: ReverseLookup): Pick<EngineHandlers, 'resolveHostNames'> {
  return {
    async resolveHostNames({ names }) {
      const results = await Promise.all(
        names.map(async name => {
          const check = validateHostName(name);
          if (!check.valid || check.normalized === null) return { name, found: false as const, address: null, error: check.error };
          if (isIpv4(check.normalized)) {
            const reverse = await reverseLookup(check.normalized, lookupPtr);
            return { name, found: true as const, address: check.normalized, error: null, dnsName: reverse.value };
          }
          const answer = await forwardLookup(check.normalized);
          return { name, found: answer.found, address: answer.value, error: answer.error };
        }),
      );
      return { results };
    },
  };
}
