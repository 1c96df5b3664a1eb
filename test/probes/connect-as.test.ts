import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoveredServer } from '../../src-shared/domain/discovery';
import { createEngine } from '../../electron/engine/engine';
import { scanTargets } from '../../electron/engine/scan/scan-service';
import { E19, probeLab } from './helpers';
import { useRealPwshHost } from '../helpers/pwsh';

/** A workgroup server: Kerberos cannot sign in; only its own administrator account can. */
const PASSWORD = 'Pa55-w0rd!$(whoami)';
const workgroup = { workgroup: { userName: 'SOLO-E19A\\Administrator', password: PASSWORD } };
const edge: DiscoveredServer = { name: 'SOLO-E19A', fqdn: null, versionHint: null, roles: ['Edge'], site: null, source: 'lab', notes: [] };

describe('"Connect as…" for a workgroup server (real pwsh, lab)', () => {
  const real = useRealPwshHost('exwiz-connect-as-');

  it('says Kerberos needs a credential, refuses a wrong one and signs in with the right one', async () => {
    const kerberos = await probeLab(real.host, { config: workgroup });
    expect(kerberos.sectionErrors.filter(e => e.code).map(e => [e.section, e.code])).toEqual([['winrm', 'needs-credential']]);
    expect(kerberos.exchange.exSetupVersion).toBeNull();

    const wrong = await probeLab(real.host, { config: workgroup, credential: { userName: 'SOLO-E19A\\Administrator', password: 'guess' } });
    expect(wrong.sectionErrors.filter(e => e.code).map(e => [e.section, e.code])).toEqual([['winrm', 'access-denied']]);

    const right = await probeLab(real.host, { config: workgroup, credential: { userName: 'SOLO-E19A\\Administrator', password: PASSWORD } });
    expect(right.sectionErrors.filter(e => e.code)).toEqual([]);
    expect(right.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(JSON.stringify(right)).not.toContain(PASSWORD);
  });

  it('says plainly that the Edge server needs "Connect as…", and scans it with the credential given', async () => {
    const lab = { directory: E19, configuration: workgroup };
    const [without] = await scanTargets([{ server: edge, lab }], { runner: real.host, concurrency: 1, timeoutMs: 90_000 });
    expect(without?.error?.code).toBe('needs-credential');
    expect(without?.error?.fix).toMatch(/Connect as…/);
    expect(without?.error?.fix).toMatch(/5986|TrustedHosts/);

    const [withCredential] = await scanTargets([{ server: edge, lab }], {
      runner: real.host,
      concurrency: 1,
      timeoutMs: 90_000,
      credentialFor: server => (server.name === 'SOLO-E19A' ? { userName: 'SOLO-E19A\\Administrator', password: PASSWORD, useSsl: true } : undefined),
    });
    expect(withCredential?.error).toBeNull();
    expect(withCredential?.facts?.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(JSON.stringify(withCredential)).not.toContain(PASSWORD);
  });
});

describe('setServerCredential keeps the credential in memory only', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-credential-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers with names only and writes it nowhere (session, audit)', async () => {
    const engine = createEngine({ mode: 'cli', version: '9.9.9', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    try {
      await engine.dispatch('loadSession', {});
      const stored = await engine.dispatch('setServerCredential', { server: 'EDGE01.perimeter.local', credential: { userName: 'EDGE01\\Administrator', password: PASSWORD, useSsl: true } });
      expect(stored).toEqual({ ok: true, value: { serversWithCredential: ['edge01'] } });
      expect(engine.context.credentials.get('EDGE01')).toEqual({ userName: 'EDGE01\\Administrator', password: PASSWORD, useSsl: true });
      await engine.dispatch('updateSession', { currentStep: 'health' });
      for (const file of readdirSync(dir, { recursive: true }) as string[]) {
        const full = path.join(dir, file);
        try {
          expect(readFileSync(full, 'utf8'), file).not.toContain(PASSWORD);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EISDIR') throw err;
        }
      }
      expect(await engine.dispatch('setServerCredential', { server: 'edge01', credential: null })).toEqual({ ok: true, value: { serversWithCredential: [] } });
      expect(await engine.dispatch('setServerCredential', { server: "edge01'; x", credential: null })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await engine.dispose();
    }
  });
});
