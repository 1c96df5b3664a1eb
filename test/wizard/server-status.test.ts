import { describe, expect, it } from 'vitest';
import { serverStatus } from '../../src-shared/wizard/server-status';
import type { EemsVerdict } from '../../src-shared/analysis/types';

const blocked = { verdict: 'blocked-by-certificate' } as EemsVerdict;

describe('server status (Health strip and Explain groups)', () => {
  it('calls a probed server cut off by its verdict', () => {
    expect(serverStatus({ reachable: true, eems: blocked, classification: { buildPrecision: 'exact' } })).toBe('cut-off');
  });

  it('calls a server that did not answer cut off only when its exact build fails a rule', () => {
    expect(serverStatus({ reachable: false, eems: blocked, classification: { buildPrecision: 'exact' } })).toBe('cut-off');
    // AD or OWA gave only the CU: a later SU of that CU may pass, so nothing is proven.
    expect(serverStatus({ reachable: false, eems: blocked, classification: { buildPrecision: 'cu' } })).toBe('unreachable');
    expect(serverStatus({ reachable: false, eems: null, classification: null })).toBe('unreachable');
  });
});
