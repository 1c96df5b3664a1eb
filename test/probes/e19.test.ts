import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBuild } from '../../src-shared/knowledge/build-number';
import { useRealPwshHost } from '../helpers/pwsh';
import { tlsConfiguration } from '../../src-shared/domain/tls-configuration';
import { analyseServer } from '../../src-shared/analysis';
import { classifyBuild } from '../../src-shared/knowledge';
import { CASES, probeLab, tlsRow } from './helpers';
import { extendedProtectionState } from '../../src-shared/knowledge/extended-protection';

/**
 * The real probe scripts in real PowerShell against the Health Checker's
 * captures of SOLO-E19A (Exchange 2019 CU11), through the fake Exchange
 * module: the same code that runs against a real server.
 */
describe('probe against the E19 captures (real pwsh)', () => {
  const pwsh = useRealPwshHost('exwiz-e19-');

  it('a real-looking 2016 CU22 on Windows Server 2016: .NET 528049, TLS 1.0/1.1 off with Enabled=0 only, both WinHTTP views, no Trusted Subsystem', async () => {
    const schannel = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
    const registry: Record<string, Record<string, string | number | null>> = {
      'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': { Release: 528049 },
      'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion': { CurrentBuild: '14393', UBR: 7515 },
      'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa': { LmCompatibilityLevel: 1 },
    };
    for (const version of ['1.0', '1.1']) for (const side of ['Server', 'Client']) registry[`${schannel}\\TLS ${version}\\${side}`] = { Enabled: 0, DisabledByDefault: null };
    const facts = await probeLab(pwsh.host, { config: { registry, variants: { GetLocalGroupMember: '2' } } });
    expect(facts.prerequisites.dotNetRelease).toBe(528049);
    expect(tlsRow(facts, '1.0')).toMatchObject({ serverEnabled: false, serverDisabledByDefault: null, clientEnabled: false, clientDisabledByDefault: null });
    expect(tlsConfiguration(tlsRow(facts, '1.0')!)).toBe('Disabled');
    expect(facts.localSecurity).toEqual({ exchangeTrustedSubsystemInAdministrators: false, lmCompatibilityLevel: 1 });
    const classification = classifyBuild('15.1.2375.37', { today: '2026-11-26' });
    const findings = analyseServer({ facts: { ...facts, os: { ...facts.os, buildNumber: 14393 } }, classification, plan: null, error: null, today: '2026-11-26', organisationHasEsu: false }).findings;
    const byId = new Map(findings.map(f => [f.id, f.severity]));
    expect(byId.get('os.dotnet')).toBe('ok');
    expect(byId.get('tls.protocols')).not.toBe('critical');
    expect(byId.get('security.trusted-subsystem')).toBe('critical');
    expect(byId.get('security.lm-compatibility')).toBe('warning');
  });

  it('reads SOLO-E19A as Health Checker does', async () => {
    const facts = await probeLab(pwsh.host);
    expect(facts.schemaVersion).toBe(1);
    expect(facts.collectionMethod).toBe('lab');
    // Health Checker captures neither the account's groups nor the arbitration mailboxes: those
    // pre-flight reads fail here, as on a server where they cannot run, and nothing else does.
    // nor Outlook Anywhere (Get-OutlookAnywhere): not read, never "no offloading".
    expect(facts.sectionErrors.map(e => e.section).sort()).toEqual(['outlook-anywhere', 'preflight-account', 'preflight-mailboxes']);
    expect(facts.preflight).toMatchObject({ account: null, orphanedArbitrationMailboxes: null, watermarks: [], languageMode: 'FullLanguage' });

    expect(facts.identity).toMatchObject({ name: 'SOLO-E19A', fqdn: 'Solo-E19A.Solo.com', domain: 'Solo.com', site: 'Default-First-Site-Name', roles: ['Mailbox'], isEdge: false });
    expect(facts.identity.adminDisplayVersion).toBe('Version 15.2 (Build 986.5)');
    expect(facts.exchange.exSetupVersion).toBe('15.02.0986.005');
    expect(parseBuild(facts.exchange.exSetupVersion ?? '')).toBe('15.2.986.5');
    expect(facts.exchange.installPath).toBe('C:\\Program Files\\Microsoft\\Exchange Server\\V15\\');

    expect(facts.eems.orgMitigationsEnabled).toBe(true);
    expect(facts.eems.serverMitigationsEnabled).toBe(true);
    expect(facts.eems.service).toEqual({ name: 'MSExchangeMitigation', status: 'Running', startType: 'Automatic' });
    expect(facts.eems.ocsTest).toMatchObject({ url: 'https://officeclient.microsoft.com/GetExchangeMitigations', statusCode: 200, error: null, proxy: null });
    // No event or EEMS log was captured: the documented lab defaults are "none".
    expect(facts.eems.events1008).toEqual([]);
    expect(facts.eems.certificateLogLines).toEqual([]);

    expect(tlsRow(facts, '1.0')).toMatchObject({ serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true });
    expect(tlsConfiguration(tlsRow(facts, '1.0')!)).toBe('Disabled');
    expect(tlsConfiguration(tlsRow(facts, '1.1')!)).toBe('Disabled');
    expect(tlsRow(facts, '1.2')).toMatchObject({ serverEnabled: true, clientEnabled: true });
    expect(tlsConfiguration(tlsRow(facts, '1.2')!)).toBe('Enabled');
    // Windows Server 2019 has no TLS 1.3 and the capture sets nothing for it.
    expect(tlsRow(facts, '1.3')).toMatchObject({ serverEnabled: null });
    expect(tlsConfiguration(tlsRow(facts, '1.3')!)).toBe('Disabled');
    // Health Checker's capture holds both .NET registry views.
    expect(facts.tls?.netSystemDefaultTlsVersions).toBe(true);
    expect(facts.tls?.netWowSystemDefaultTlsVersions).not.toBeUndefined();
    expect(facts.localSecurity).toEqual({ exchangeTrustedSubsystemInAdministrators: true, lmCompatibilityLevel: null });

    expect(facts.prerequisites.vcRedist2012).toBe('11.0.61030');
    expect(facts.prerequisites.vcRedist2013).toBe('12.0.21005');
    // The lab's documented default is what Windows Server 2019 reports for .NET 4.8.
    expect(facts.prerequisites.dotNetRelease).toBe(528049);
    expect(facts.os).toMatchObject({
      productName: 'Microsoft Windows Server 2019 Datacenter',
      version: '10.0.17763',
      buildNumber: 17763,
      installationType: 'Server Core',
      language: 1033,
      lastBootUpTime: '2021-09-29T18:59:07Z',
    });
    expect(facts.reboot).toEqual({ pending: false, sources: [] });
    expect(facts.httpProxy).toEqual({ winHttpProxy: null, winHttpProxyWow6432: null });
    expect(facts.extendedProtection?.configured).toBe(false);
    expect(facts.extendedProtection?.perVirtualDirectory['Default Web Site/EWS']).toBe('None');
    expect(facts.maintenance).toMatchObject({ inactiveComponents: [], dagName: null, databaseCopyAutoActivationPolicy: 'Unrestricted', databaseCopyActivationDisabledAndMoveNow: false });
    expect(facts.servicesNotRunning).toEqual([]);

    const auth = facts.certificates?.find(c => c.isCurrentAuth);
    expect(auth).toMatchObject({
      thumbprint: 'C3EDCF181EF4F9B53D01768ECA99564014BCA6E7',
      subject: 'CN=Microsoft Exchange Server Auth Certificate',
      notAfter: '2024-11-06T22:47:32Z',
      signatureAlgorithm: 'sha1RSA',
    });
    expect(facts.certificates).toHaveLength(3);
    expect(facts.authCertificate).toMatchObject({ currentThumbprint: 'C3EDCF181EF4F9B53D01768ECA99564014BCA6E7', foundOnServer: true, notAfter: '2024-11-06T22:47:32Z' });
  });

  it('Outlook Anywhere: not captured by Health Checker, so not read with why; a captured SSLOffloading True is read as such', async () => {
    const facts = await probeLab(pwsh.host);
    expect(facts.outlookAnywhere).toBeNull();
    expect(facts.sectionErrors.find(e => e.section === 'outlook-anywhere')?.message).toMatch(/Get-OutlookAnywhere failed: the lab has no capture 'Exchange\/GetOutlookAnywhere\.xml'/);
    expect(extendedProtectionState(facts)).toMatchObject({ sslOffloading: null, sslOffloadingUnknownWhy: expect.stringMatching(/^the scan could not read it \(Get-OutlookAnywhere failed/) });

    // What Get-OutlookAnywhere -ADPropertiesOnly returns through the remote shell on a 2019 server
    // left at Outlook Anywhere's documented default (SSLOffloading True, SSL not required).
    const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-oa-'));
    try {
      const capture = path.join(dir, 'GetOutlookAnywhere.xml');
      writeFileSync(
        capture,
        `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ADRpcHttpVirtualDirectory</T><T>Deserialized.System.Object</T></TN><MS>` +
          `<S N="Name">Rpc (Default Web Site)</S><S N="Identity">SOLO-E19A\\Rpc (Default Web Site)</S><S N="Server">SOLO-E19A</S><B N="SSLOffloading">true</B><B N="InternalClientsRequireSsl">false</B><B N="ExternalClientsRequireSsl">false</B>` +
          `</MS></Obj></Objs>`,
      );
      const read = await probeLab(pwsh.host, { config: { captures: { 'Exchange/GetOutlookAnywhere.xml': capture } } });
      expect(read.outlookAnywhere).toEqual({ identity: 'SOLO-E19A\\Rpc (Default Web Site)', sslOffloading: true, internalClientsRequireSsl: false, externalClientsRequireSsl: false });
      expect(read.sectionErrors.map(e => e.section)).not.toContain('outlook-anywhere');
      expect(extendedProtectionState(read)).toMatchObject({ sslOffloading: true, sslOffloadingUnknownWhy: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the organisation: no public folders (the empty hierarchy GUID), the hybrid configuration and a connector to Exchange Online', async () => {
    const facts = await probeLab(pwsh.host);
    expect(facts.organisation?.publicFolderHierarchy).toEqual({ hierarchyMailboxGuid: null, mailbox: null, database: null, server: null });
    expect(facts.organisation?.hybridConfigurations).toEqual([
      {
        domains: ['contoso.com'],
        sendingTransportServers: ['ex-02'],
        receivingTransportServers: ['ex-02'],
        onPremisesSmartHost: 'mail.contoso.com',
        tlsCertificateName: '<I>CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US<S>CN=mail.contoso.com',
      },
    ]);
    expect(facts.organisation?.sendConnectors).toEqual([
      {
        name: 'Mail to O365',
        enabled: true,
        addressSpaces: ['SMTP:*;1'],
        smartHosts: ['microsoft-com.mail.protection.outlook.com'],
        cloudServicesMailEnabled: true,
        sourceTransportServers: ['WIN-CTD3L0RGEN4'],
      },
    ]);
  });

  it('an organisation part that cannot be read is null with its own section error, not "none"', async () => {
    const facts = await probeLab(pwsh.host, { config: { captures: { 'Exchange/GetHybridConfiguration.xml': null, 'Exchange/GetOrganizationConfig.xml': null } } });
    expect(facts.organisation).toMatchObject({ publicFolderHierarchy: null, hybridConfigurations: null });
    expect(facts.organisation?.sendConnectors).toHaveLength(1);
    expect(facts.sectionErrors.map(e => e.section)).toEqual(expect.arrayContaining(['organization', 'hybrid-configuration']));
  });

  it('selects capture variants: ExSetup1.xml is 2019 CU12 Feb23SU, GetServerRebootPending1.xml a pending reboot', async () => {
    const facts = await probeLab(pwsh.host, { config: { variants: { ExSetup: '1', GetServerRebootPending: '1', GetAllTlsSettings: '1', applicationHost: '1' } } });
    expect(facts.exchange.exSetupVersion).toBe('15.02.1118.025');
    expect(parseBuild(facts.exchange.exSetupVersion ?? '')).toBe('15.2.1118.25');
    expect(facts.reboot).toEqual({ pending: true, sources: ['PendingFileRenameOperations', 'ComponentBasedServicing', 'UpdateExeVolatile'] });
    expect(tlsConfiguration(tlsRow(facts, '1.0')!)).toBe('Misconfigured');
    expect(tlsConfiguration(tlsRow(facts, '1.2')!)).toBe('Enabled');
    expect(facts.extendedProtection?.configured).toBe(true);
    expect(facts.extendedProtection?.perVirtualDirectory['Default Web Site/API']).toBe('Require');
  });

  it('reads the cases/ captures: the mitigation service disabled, the OCS reply, certificates without the Auth certificate', async () => {
    const facts = await probeLab(pwsh.host, {
      config: {
        captures: {
          'Exchange/GetServiceMitigation.xml': path.join(CASES, 'GetServiceMSExchangeMitigationDisabled.xml'),
          'Exchange/WebRequest_getexchangemitigations.xml': path.join(CASES, 'InvokeWebRequestEEMS.xml'),
          'Exchange/GetExchangeCertificate.xml': path.join(CASES, 'GetExchangeCertificateWithoutAuth.xml'),
        },
      },
    });
    expect(facts.eems.service).toEqual({ name: 'MSExchangeMitigation', status: 'Stopped', startType: 'Disabled' });
    expect(facts.servicesNotRunning).toContainEqual({ name: 'MSExchangeMitigation', status: 'Stopped', startType: 'Disabled' });
    expect(facts.eems.ocsTest?.statusCode).toBe(200);
    expect(facts.authCertificate).toMatchObject({ currentThumbprint: 'C3EDCF181EF4F9B53D01768ECA99564014BCA6E7', foundOnServer: false, notAfter: null });
    expect(facts.certificates?.some(c => c.isCurrentAuth)).toBe(false);
  });

  it('a missing capture makes its command fail, recorded as a section error, and the rest goes on', async () => {
    const facts = await probeLab(pwsh.host, { config: { captures: { 'Exchange/GetAuthConfig.xml': null, 'Exchange/ExSetup.xml': null } } });
    expect(facts.authCertificate).toBeNull();
    expect(facts.exchange.exSetupVersion).toBeNull();
    const sections = facts.sectionErrors.map(e => e.section);
    expect(sections).toEqual(expect.arrayContaining(['auth-config', 'exsetup']));
    expect(facts.sectionErrors.find(e => e.section === 'auth-config')?.message).toMatch(/no capture 'Exchange\/GetAuthConfig\.xml'/);
    // Everything else was still read.
    expect(facts.eems.orgMitigationsEnabled).toBe(true);
    expect(facts.certificates).toHaveLength(3);
  });

  it('keeps the TLS error text of a failed OCS test', async () => {
    const facts = await probeLab(pwsh.host, {
      config: {
        ocs: {
          error: 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.',
          inner: 'The remote certificate is invalid according to the validation procedure.',
        },
      },
    });
    expect(facts.eems.ocsTest).toMatchObject({
      statusCode: null,
      error:
        'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel. ---> The remote certificate is invalid according to the validation procedure.',
    });
  });

  it('reports registry values from lab.json-style configuration over the documented defaults', async () => {
    const facts = await probeLab(pwsh.host, {
      config: {
        registry: {
          'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': { Release: 533320 },
          'HKLM:\\SOFTWARE\\Microsoft\\UCMA\\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}': null,
          'HKLM:\\SOFTWARE\\Microsoft\\Updates\\Exchange 2019\\KB5019758': { PackageName: 'Security Update For Exchange Server 2019 CU11 SU8 (KB5019758)', InstalledDate: '11/15/2022' },
        },
        winHttpProxy: 'proxy.contoso.local:8080',
      },
    });
    expect(facts.prerequisites.dotNetRelease).toBe(533320);
    expect(facts.prerequisites.ucmaInstalled).toBe(false);
    expect(facts.prerequisites.ucmaVersion).toBeNull();
    expect(facts.exchange.installedUpdates).toEqual([{ packageName: 'Security Update For Exchange Server 2019 CU11 SU8 (KB5019758)', installedDate: '11/15/2022' }]);
    expect(facts.httpProxy).toEqual({ winHttpProxy: 'proxy.contoso.local:8080', winHttpProxyWow6432: null });
  });
});
