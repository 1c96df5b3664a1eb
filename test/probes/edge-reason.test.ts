import { describe, expect, it } from 'vitest';
import { withEdgeReason } from '../../electron/engine/scan/probe';

describe('an Edge server the probe cannot reach', () => {
  it('says up front that Kerberos over WinRM cannot reach a workgroup Edge server and names the offline collector', () => {
    const error = withEdgeReason({ code: 'access-denied', message: 'Access is denied', fix: 'Check your rights.' }, ['Edge']);
    expect(error?.fix).toMatch(/^Edge Transport servers are usually in a workgroup/);
    expect(error?.fix).toContain('offline collector');
    expect(error?.fix).toContain('Check your rights.');
  });

  it('leaves other roles and other errors alone', () => {
    const error = { code: 'access-denied' as const, message: 'Access is denied', fix: 'Check your rights.' };
    expect(withEdgeReason(error, ['Mailbox'])).toBe(error);
    const malformed = { code: 'malformed-output' as const, message: 'bad output' };
    expect(withEdgeReason(malformed, ['Edge'])).toBe(malformed);
  });
});
