import { describe, expect, it } from 'vitest';
import type { OrganisationFacts, SectionError, ServerFacts } from '../../src-shared/domain/facts';
import { observeOrganisation, scannedServerName, sendsToExchangeOnline } from '../../src-shared/knowledge/organisation-facts';

/** The organisation part as the probe read it from Health Checker's SOLO-E19A captures (test/probes/e19.test.ts). */
const E19: OrganisationFacts = {
  publicFolderHierarchy: { hierarchyMailboxGuid: null, mailbox: null, database: null, server: null },
  hybridConfigurations: [
    {
      domains: ['contoso.com'],
      sendingTransportServers: ['ex-02'],
      receivingTransportServers: ['ex-02'],
      onPremisesSmartHost: 'mail.contoso.com',
      tlsCertificateName: '<I>CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US<S>CN=mail.contoso.com',
    },
  ],
  sendConnectors: [
    {
      name: 'Mail to O365',
      enabled: true,
      addressSpaces: ['SMTP:*;1'],
      smartHosts: ['microsoft-com.mail.protection.outlook.com'],
      cloudServicesMailEnabled: true,
      sourceTransportServers: ['WIN-CTD3L0RGEN4'],
    },
  ],
};

/** A server's facts reduced to what observeOrganisation reads. */
function facts(name: string, organisation: OrganisationFacts | null, sectionErrors: SectionError[] = []): ServerFacts {
  return { identity: { name }, organisation, sectionErrors } as unknown as ServerFacts;
}

describe('the organisation as the scan saw it', () => {
  it('hybrid from the real E19 captures: the hybrid configuration and the connector to Exchange Online, with the certificate Exchange Online expects', () => {
    const o = observeOrganisation([facts('SOLO-E19A', E19)]);
    expect(o.publicFolderHierarchy).toEqual({ state: 'none', server: null, mailbox: null, database: null, unknownWhy: null });
    expect(o.hybrid.hybrid).toBe(true);
    expect(o.hybrid.evidence).toEqual([
      'Get-HybridConfiguration: domains contoso.com, sending ex-02, receiving ex-02',
      'send connector "Mail to O365" to microsoft-com.mail.protection.outlook.com (CloudServicesMailEnabled), from WIN-CTD3L0RGEN4',
    ]);
    expect(o.hybrid.tlsCertificateName).toMatch(/<S>CN=mail\.contoso\.com$/);
    expect(o.hybrid.transportServers).toEqual(['ex-02', 'WIN-CTD3L0RGEN4']);
  });

  it('a connector to Exchange Online alone shows hybrid; an Internet connector and no hybrid configuration is not hybrid', () => {
    const connectorOnly = observeOrganisation([facts('EX1', { ...E19, hybridConfigurations: [] })]);
    expect(connectorOnly.hybrid.hybrid).toBe(true);
    const internet = { name: 'Internet', enabled: true, addressSpaces: ['SMTP:*;1'], smartHosts: [], cloudServicesMailEnabled: false, sourceTransportServers: ['EX1'] };
    const not = observeOrganisation([facts('EX1', { ...E19, hybridConfigurations: [], sendConnectors: [internet] })]);
    expect(not.hybrid).toEqual({ hybrid: false, evidence: [], tlsCertificateName: null, transportServers: [], unknownWhy: null });
  });

  it('recognises the connectors the Hybrid Configuration Wizard and Microsoft 365 relays leave', () => {
    const base = { name: 'c', enabled: true, smartHosts: [] as string[], cloudServicesMailEnabled: false, sourceTransportServers: [] as string[] };
    expect(sendsToExchangeOnline({ ...base, addressSpaces: ['smtp:contoso.mail.onmicrosoft.com;1'] })).toBe(true);
    expect(sendsToExchangeOnline({ ...base, addressSpaces: ['SMTP:*;1'], smartHosts: ['ThisTenantDoesntExists-com.mail.protection.outlook.com'] })).toBe(true);
    expect(sendsToExchangeOnline({ ...base, addressSpaces: ['SMTP:*;1'], cloudServicesMailEnabled: true })).toBe(true);
    expect(sendsToExchangeOnline({ ...base, addressSpaces: ['SMTP:*;1'], smartHosts: ['smtp.fabrikam.example'] })).toBe(false);
  });

  it('not read: unknown with why, never "not hybrid"; the first server that read a part gives it', () => {
    const failed = facts('EX1', { publicFolderHierarchy: null, hybridConfigurations: null, sendConnectors: [] }, [
      { section: 'hybrid-configuration', message: "The term 'Get-HybridConfiguration' is not recognized as a name of a cmdlet" },
      { section: 'organization', message: 'Get-OrganizationConfig failed' },
    ]);
    const o = observeOrganisation([failed, null]);
    expect(o.hybrid.hybrid).toBeNull();
    expect(o.hybrid.unknownWhy).toMatch(/EX1: The term 'Get-HybridConfiguration' is not recognized/);
    expect(o.publicFolderHierarchy).toMatchObject({ state: 'unknown', unknownWhy: expect.stringMatching(/Get-OrganizationConfig failed/) });
    // Another server read it: that answer counts.
    const read = observeOrganisation([
      failed,
      facts('EX2', { ...E19, publicFolderHierarchy: { hierarchyMailboxGuid: '5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d', mailbox: 'PF-Hierarchy', database: 'DB-Staff', server: 'ex02' } }),
    ]);
    expect(read.hybrid.hybrid).toBe(true);
    expect(read.publicFolderHierarchy).toEqual({ state: 'on-server', server: 'ex02', mailbox: 'PF-Hierarchy', database: 'DB-Staff', unknownWhy: null });
    // Nothing from any server (an older scan, or no Mailbox server answered).
    expect(observeOrganisation([facts('EDGE01', null)]).hybrid.unknownWhy).toMatch(/no Mailbox server's Exchange Management Shell answered/);
  });

  it('names the scanned server Exchange means by its lower-case ServerName or FQDN', () => {
    expect(scannedServerName('ex02', ['EX01', 'EX02'])).toBe('EX02');
    expect(scannedServerName('ex02.contoso.local', ['EX01', 'EX02'])).toBe('EX02');
    expect(scannedServerName('ex09', ['EX01'])).toBe('ex09');
  });
});
