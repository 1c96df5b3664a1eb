import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fqdnFromNetworkAddress, rolesFromMask, serversFromAdEntries, siteFromDn } from '../../electron/engine/discovery/ad-entries';
import { fingerprintServer } from '../../electron/engine/discovery/https-fingerprint';
import { discoverFromActiveDirectory, discoverFromNames } from '../../electron/engine/discovery/sources';
import { discoverServers } from '../../electron/engine/discovery/discover';
import { createDnsHandlers } from '../../electron/engine/handlers/dns';
import type { ScriptRunner } from '../../electron/engine/powershell/host';
import { AppError } from '../../src-shared/domain/errors';
import { sharedPwshHost } from '../helpers/pwsh';

describe('Active Directory entries', () => {
  it('reads roles, DNS name and site from msExchExchangeServer attributes', () => {
    expect(rolesFromMask(38)).toEqual(['Mailbox']);
    expect(rolesFromMask(64)).toEqual(['Edge']);
    expect(rolesFromMask(4)).toEqual(['ClientAccess']);
    expect(rolesFromMask(null)).toEqual([]);
    expect(fqdnFromNetworkAddress(['netbios:EX01', 'ncacn_ip_tcp:EX01.contoso.local', 'ncalrpc:EX01'])).toBe('ex01.contoso.local');
    expect(fqdnFromNetworkAddress(['netbios:EX01'])).toBeNull();
    expect(siteFromDn('CN=Branch\\, Leeds,CN=Sites,CN=Configuration,DC=contoso,DC=local')).toBe('Branch, Leeds');
  });

  it('turns entries into sorted, de-duplicated servers with notes where AD lacks data', () => {
    const servers = serversFromAdEntries([
      {
        name: 'EX02',
        dn: 'CN=EX02',
        networkAddress: [],
        serialNumber: 'Version 15.1 (Build 32375.7)',
        versionNumber: null,
        currentServerRoles: 38,
        site: 'CN=HQ,CN=Sites,CN=Configuration,DC=contoso,DC=local',
      },
      {
        name: 'EX01',
        dn: 'CN=EX01',
        networkAddress: ['ncacn_ip_tcp:ex01.contoso.local'],
        serialNumber: 'Version 15.2 (Build 30986.5)',
        versionNumber: 1942062044,
        currentServerRoles: 38,
        site: 'CN=HQ,CN=Sites,CN=Configuration,DC=contoso,DC=local',
      },
      { name: 'ex01', dn: 'CN=EX01,dup', networkAddress: [], serialNumber: '', versionNumber: null, currentServerRoles: null, site: '' },
    ]);
    expect(servers.map(s => s.name)).toEqual(['EX01', 'EX02']);
    expect(servers[0]).toMatchObject({ fqdn: 'ex01.contoso.local', versionHint: 'Version 15.2 (Build 30986.5)', roles: ['Mailbox'], site: 'HQ', source: 'active-directory', notes: [] });
    expect(servers[1]?.notes[0]).toMatch(/no DNS name/);
  });
});

describe('Active Directory discovery and a dead child domain', () => {
  // One server as the LDAP search returns it (ad-entries.ts reads these fields).
  const entry = {
    name: 'EX01',
    dn: 'CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local',
    networkAddress: ['ncacn_ip_tcp:EX01.contoso.local'],
    serialNumber: 'Version 15.2 (Build 1544.4)',
    versionNumber: 1942061560,
    currentServerRoles: 16439,
    site: 'CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local',
  };

  it('keeps the servers when the AD-levels walk times out on a domain that does not answer', async () => {
    const calls: unknown[] = [];
    const runner = {
      async run(_script: string, parameters: Record<string, unknown> = {}) {
        calls.push(parameters);
        // The levels walk binds to every domain; a child domain without a reachable DC hangs until the limit.
        if (!parameters.SkipLevels) throw new AppError('timeout', 'The script did not finish within 60 s.');
        return { value: { entries: [entry], adLevels: null, error: null }, nonTerminatingErrors: [], durationMs: 1 };
      },
      dispose: async () => undefined,
    } as unknown as ScriptRunner;
    const result = await discoverFromActiveDirectory(runner);
    expect(result.servers.map(s => s.name)).toEqual(['EX01']);
    expect(result.errors).toEqual([]);
    expect(result.adLevels?.error).toMatch(/could not be read \(a domain of the forest may not answer\): The script did not finish within 60 s/);
    expect(calls).toEqual([{ SkipLevels: true }, { LevelsOnly: true }]);
  });
});

describe('Active Directory discovery script (real pwsh)', () => {
  it.runIf(process.platform !== 'win32')('answers with a typed "unsupported" error where there is no System.DirectoryServices', async () => {
    const result = await discoverFromActiveDirectory(sharedPwshHost());
    expect(result.servers).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'unsupported' });
    expect(result.errors[0]?.message).toMatch(/Active Directory could not be searched: .*needs Windows/);
    expect(result.errors[0]?.fix).toMatch(/jump box/);
  });
});

describe('manual entry', () => {
  it('validates every name; hostile ones become errors, never servers', () => {
    // Lists split on commas, semicolons and white space (host-names.ts), so each piece is judged alone.
    const { servers, errors } = discoverFromNames(['EX01.contoso.local, ex02', "ex03'x", '$(whoami)', 'ex`04', '10.0.0.5', 'ex02']);
    expect(servers.map(s => [s.name, s.fqdn])).toEqual([
      ['EX01', 'ex01.contoso.local'],
      ['EX02', null],
      ['10.0.0.5', null],
    ]);
    expect(servers[2]?.notes[0]).toMatch(/Kerberos/);
    expect(errors.map(e => e.code)).toEqual(['invalid-input', 'invalid-input', 'invalid-input']);
    expect(errors[0]?.message).toContain("ex03'");
  });
});

describe('servers typed as IP addresses', () => {
  // What a reverse lookup zone answers: a PTR for one address, NXDOMAIN for another, a dead resolver for a third.
  const ptr = async (address: string): Promise<string[]> => {
    if (address === '10.0.0.5') return ['EX01.contoso.local.'];
    if (address === '10.0.0.7') throw Object.assign(new Error('queryPtr ETIMEOUT'), { code: 'ETIMEOUT' });
    throw Object.assign(new Error(`getHostByAddr ENOTFOUND ${address}`), { code: 'ENOTFOUND' });
  };

  it('take their DNS name from a reverse lookup, or are refused at Discover with the reason (Kerberos needs names)', async () => {
    const { servers, errors } = await discoverServers(
      { method: 'manual', names: ['10.0.0.5', '10.0.0.6', '10.0.0.7', 'ex02'] },
      { runner: null as never, dataDirectory: '/nowhere', fingerprint: null, reverse: ptr },
    );
    expect(servers.map(s => [s.name, s.fqdn])).toEqual([
      ['EX01', 'ex01.contoso.local'],
      ['EX02', null],
    ]);
    expect(servers[0]?.notes).toEqual(["Typed as 10.0.0.5; its DNS name ex01.contoso.local (reverse lookup) is used, because Kerberos needs the server's name."]);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'invalid-input',
        message: expect.stringMatching(/^10\.0\.0\.6 is an IP address, and DNS has no name for it .*Kerberos/),
        fix: expect.stringContaining('DNS name'),
      }),
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('could not be asked for its name (ETIMEOUT)') }),
    ]);
  });

  it('show their DNS name when typed on the Discover step', async () => {
    const { results } = await createDnsHandlers(ptr).resolveHostNames({ names: ['10.0.0.5', '10.0.0.6'] });
    expect(results).toEqual([
      { name: '10.0.0.5', found: true, address: '10.0.0.5', error: null, dnsName: 'ex01.contoso.local' },
      { name: '10.0.0.6', found: true, address: '10.0.0.6', error: null, dnsName: null },
    ]);
  });
});

describe('HTTPS fingerprint (local HTTPS server with a self-signed certificate)', () => {
  const cert = readFileSync(path.join(__dirname, 'fixtures', 'localhost-cert.pem'));
  const key = readFileSync(path.join(__dirname, 'fixtures', 'localhost-key.pem'));
  let server: https.Server;
  let port: number;
  let mode: 'exchange' | 'plain' = 'exchange';
  beforeAll(async () => {
    server = https.createServer({ cert, key }, (req, res) => {
      if (mode === 'plain') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html>It works</html>');
        return;
      }
      if (req.url?.startsWith('/owa/auth/logon.aspx')) {
        res.writeHead(302, { Location: '/owa/auth/logon2.aspx?url=x' });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html', 'X-OWA-Version': '15.2.1544.36' });
      res.end('<link href="/owa/auth/15.2.1544/themes/resources/logon.css" rel="stylesheet">');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>(resolve => server.close(() => resolve())));

  it('reads the version but reports the untrusted certificate', async () => {
    mode = 'exchange';
    const result = await fingerprintServer('localhost', { port, timeoutMs: 5000 });
    expect(result).toMatchObject({ host: 'localhost', owaVersion: '15.2.1544.36', pathBuild: '15.2.1544', certificateTrusted: false });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/certificate of localhost is not trusted by this computer: .*self[- ]signed/i);
  });

  it('has no note when the certificate is trusted', async () => {
    mode = 'exchange';
    const result = await fingerprintServer('localhost', { port, timeoutMs: 5000, ca: cert });
    expect(result).toMatchObject({ owaVersion: '15.2.1544.36', certificateTrusted: true, notes: [] });
  });

  it('says so when the server shows no Exchange version', async () => {
    mode = 'plain';
    const result = await fingerprintServer('localhost', { port, timeoutMs: 5000, ca: cert });
    expect(result.owaVersion).toBeNull();
    expect(result.notes[0]).toMatch(/showed no Exchange version/);
  });

  it('reports connection failures and refuses invalid names without connecting', async () => {
    const closed = await fingerprintServer('localhost', { port: 1, timeoutMs: 3000 });
    expect(closed.notes[0]).toMatch(/HTTPS version check of localhost failed: .*ECONNREFUSED/);
    const hostile = await fingerprintServer('$(whoami); x', { port, timeoutMs: 3000 });
    expect(hostile.notes[0]).toMatch(/skipped/);
  });
});
