import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportFromSession } from '../../src-shared/report/build';
import { renderCsv } from '../../src-shared/report/csv';
import { renderHtml } from '../../src-shared/report/html/render';
import { renderJson } from '../../src-shared/report/json';
import { Redactor, redactReport } from '../../src-shared/report/redact';
import { leakedIdentifiers, ORIGINAL_IDENTIFIERS, REPORT_OPTIONS, sampleSession } from './fixtures';

describe('redaction of a whole report', () => {
  const plain = reportFromSession(sampleSession(), REPORT_OPTIONS);
  const redacted = reportFromSession(sampleSession(), { ...REPORT_OPTIONS, redact: true });

  it('the unredacted formats do contain the identifiers (so the check below can fail)', () => {
    expect(leakedIdentifiers(renderJson(plain))).toEqual([...ORIGINAL_IDENTIFIERS]);
    // The HTML shows the decisions, the server pages and the evidence, not every raw fact (those are in the JSON).
    expect(leakedIdentifiers(renderHtml(plain))).toEqual(expect.arrayContaining(['EX01', 'LEGACY16', 'contoso.local', 'contoso', '10.20.30.40', 'fabrikam-partner.co.uk']));
    expect(leakedIdentifiers(renderCsv(plain))).toEqual(expect.arrayContaining(['EX01', 'LEGACY16', 'contoso.local', '192.168.10.24']));
  });

  it('leaves no original host name, IP address or domain in JSON, HTML or CSV', () => {
    expect(redacted.redacted).toBe(true);
    expect(leakedIdentifiers(renderJson(redacted))).toEqual([]);
    expect(leakedIdentifiers(renderHtml(redacted))).toEqual([]);
    expect(leakedIdentifiers(renderCsv(redacted))).toEqual([]);
  });

  it('maps the same original to the same placeholder everywhere', () => {
    const [ex01] = redacted.servers;
    expect(ex01?.name).toBe('SERVER-01');
    expect(ex01?.fqdn).toBe('SERVER-01.domain-01.example');
    expect(ex01?.facts?.identity.name).toBe('SERVER-01');
    expect(ex01?.facts?.identity.domain).toBe('domain-01.example');
    expect(ex01?.plan?.serverName).toBe('SERVER-01');
    expect(redacted.staging[0]?.server).toBe('SERVER-01');
    expect(redacted.staging[0]?.destinationPath).toBe('\\\\SERVER-01\\C$\\ExchangeUpdates\\ExchangeServer2019-x64-CU15.ISO');
    expect(redacted.organisationPlan?.order).toEqual(['SERVER-01', 'SERVER-04', 'SERVER-02']);
    expect(redacted.summary.worstFirst).toEqual(redacted.servers.map(s => s.name));
    // The proxy host and its address are the same placeholders in the facts, the finding and the OCS error.
    expect(ex01?.facts?.eems.internetWebProxy).toBe('http://HOST-01.domain-01.example:8080');
    expect(ex01?.findings.find(f => f.id === 'ocs-proxy')?.evidence[0]?.value).toBe('http://HOST-01.domain-01.example:8080 (IP-02)');
    expect(ex01?.facts?.eems.ocsTest?.error).toBe('Unable to connect to the remote server IP-01:8080');
    // contoso.com is a second domain, but its organisation label is the one of contoso.local.
    expect(ex01?.facts?.certificates?.[0]?.subject).toBe('CN=HOST-02.domain-02.example, O=ORG-01, C=GB');
    // CSV and HTML are rendered from the same redacted model.
    expect(renderCsv(redacted).split('\r\n')[1]?.startsWith('SERVER-01,SERVER-01.domain-01.example,')).toBe(true);
    expect(renderHtml(redacted)).toContain('<h2 id="server-1-h">SERVER-01 ');
  });

  it('keeps what identifies nobody: builds, Microsoft links and hosts, file names, enums', () => {
    const ex01 = redacted.servers[0];
    expect(ex01?.build).toBe('15.2.1118.25');
    expect(ex01?.eems?.links.map(l => l.url)).toEqual(plain.servers[0]?.eems?.links.map(l => l.url));
    expect(ex01?.facts?.eems.ocsTest?.url).toBe('https://officeclient.microsoft.com/GetExchangeMitigations');
    expect(ex01?.actionItems[1]?.download?.fileName).toBe('ExchangeServer2019-x64-CU15.ISO');
    expect(ex01?.eems?.verdict).toBe('blocked-by-certificate');
    expect(ex01?.anchor).toBe('server-1');
    expect(redacted.servers.map(s => s.severity)).toEqual(plain.servers.map(s => s.severity));
  });

  it("replaces the organisation section's servers and the hybrid certificate, which no other field names", () => {
    const session = sampleSession();
    const facts = session.scan!.servers[0]!.facts!;
    facts.organisation = {
      publicFolderHierarchy: { hierarchyMailboxGuid: '5b3c9f2e-8d41-4a6b-9c07-1e2f3a4b5c6d', mailbox: 'PF-Hierarchy', database: 'DB-Staff', server: 'pfhost7' },
      hybridConfigurations: [
        {
          domains: ['contoso.com'],
          sendingTransportServers: ['hybgw2'],
          receivingTransportServers: ['hybgw2'],
          onPremisesSmartHost: 'mail.contoso.com',
          tlsCertificateName: '<I>CN=Wingtip Issuing CA, O=Wingtip Toys<S>CN=mail.contoso.com',
        },
      ],
      sendConnectors: [
        {
          name: 'Outbound to Office 365',
          enabled: true,
          addressSpaces: ['smtp:contoso.mail.onmicrosoft.com;1'],
          smartHosts: [],
          cloudServicesMailEnabled: true,
          sourceTransportServers: ['relayhost9'],
        },
      ],
    };
    const plainJson = renderJson(reportFromSession(session, REPORT_OPTIONS));
    for (const name of ['pfhost7', 'hybgw2', 'relayhost9', 'Wingtip']) expect(plainJson).toContain(name);
    const json = renderJson(reportFromSession(session, { ...REPORT_OPTIONS, redact: true }));
    for (const name of ['pfhost7', 'hybgw2', 'relayhost9', 'Wingtip', 'contoso']) expect(json.toLowerCase()).not.toContain(name.toLowerCase());
  });

  it('is deterministic: two redactions of the same report are identical', () => {
    expect(renderJson(redactReport(plain))).toBe(renderJson(redacted));
  });
});

describe('Redactor', () => {
  function redactor(): Redactor {
    const r = new Redactor();
    r.addFqdn('ex01.contoso.local');
    r.addServer('EXCHANGE');
    return r;
  }

  it('replaces server names inside longer tokens, NetBIOS names and e-mail domains', () => {
    const r = redactor();
    r.scan('admin@contoso.com');
    expect(r.text('HealthChecker-EX01-20261126.xml')).toBe('HealthChecker-SERVER-01-20261126.xml');
    expect(r.text('CONTOSO\\administrator on EX01$')).toBe('DOMAIN-01\\administrator on SERVER-01$');
    expect(r.text('mail to admin@contoso.com')).toBe('mail to admin@domain-02.example');
    expect(r.text('EX01.CONTOSO.LOCAL')).toBe('SERVER-01.domain-01.example');
  });

  it('replaces a field that is exactly a server name, but not the product word in running text', () => {
    const r = redactor();
    expect(r.text('EXCHANGE')).toBe('SERVER-02');
    expect(r.text('Exchange 2019 CU15 on EX01')).toBe('Exchange 2019 CU15 on SERVER-01');
  });

  it('replaces IPv4 and IPv6 addresses but not versions, times or MAC addresses', () => {
    const r = redactor();
    r.addVersion('15.1.225.16');
    expect(r.text('Build 15.1.225.16 answered from 10.1.2.3')).toBe('Build 15.1.225.16 answered from IP-01');
    expect(r.text('at 21:04:52 from fe80::1c2b:3d4e%12 and 2001:db8::1, again 10.1.2.3')).toBe('at 21:04:52 from IP-02 and IP-03, again IP-01');
    expect(r.text('MAC 00:15:5d:01:02:03, .NET 4.8.1, 2001:0db8:0000:0000:0000:ff00:0042:8329')).toBe('MAC 00:15:5d:01:02:03, .NET 4.8.1, IP-04');
    expect(r.text('::ffff:192.168.1.20')).toBe('IP-05');
  });

  it('leaves public hosts, documentation links and dotted product names alone', () => {
    const r = redactor();
    for (const text of [
      'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/prerequisites',
      'officeclient.microsoft.com',
      'System.Net.WebException: The remote name could not be resolved',
      'ASP.NET, setup.exe, Microsoft.Exchange.Data.Directory.dll, web.config',
    ]) {
      expect(r.text(text)).toBe(text);
    }
  });

  it('redacts hosts in unknown domains found only in text', () => {
    const r = redactor();
    r.scan('proxy.fabrikam.net:3128');
    expect(r.text('via proxy.fabrikam.net:3128 and fabrikam.net')).toBe('via HOST-01.domain-02.example:3128 and domain-02.example');
    // Only dotted: the bare label "proxy" is an ordinary word.
    expect(r.text('the proxy answered')).toBe('the proxy answered');
  });

  it('finds users in /home, forward-slash profiles and user@NETBIOS, but not shared profiles', () => {
    const r = redactor();
    const text = 'ran as jdoe@CONTOSO from /home/asmith/exwiz, C:/Users/bwayne/Downloads and C:\\Users\\Public\\Desktop';
    r.scan(text);
    expect(r.text(text)).toBe('ran as USER-03@DOMAIN-01 from /home/USER-01/exwiz, C:/Users/USER-02/Downloads and C:\\Users\\Public\\Desktop');
  });

  it('redacts hosts under .gmbh, .pl (three labels) and any e-mail domain, but not install.pl', () => {
    const r = redactor();
    const text = 'smtp.mueller.gmbh, mx1.kowalski.pl, ops@fabrikam.museum, install.pl';
    r.scan(text);
    expect(r.text(text)).toBe('HOST-01.domain-03.example, HOST-02.domain-04.example, USER-01@domain-02.example, install.pl');
  });

  it('keeps an IPv4-shaped Exchange build as a version, but not an address written into a version field', () => {
    const r = redactor();
    r.addVersion('15.2.1544.4');
    r.addVersion('10.20.30.40');
    expect(r.text('15.2.1544.4 behind 10.20.30.40')).toBe('15.2.1544.4 behind IP-01');
  });

  it('redacts a certificate subject that names a CA, and keeps only a public CA issuer', () => {
    const r = redactor();
    r.addDistinguishedName('CN=owa.example.net, OU=Northwind Microsoft Exchange, O=Northwind Traders', 'subject');
    r.addDistinguishedName('CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US', 'issuer');
    r.addDistinguishedName('CN=Tailspin DigiCert Proxy CA, O=Tailspin', 'issuer');
    expect(r.text('Northwind Microsoft Exchange of Northwind Traders')).toBe('ORG-01 of ORG-02');
    expect(r.text('DigiCert Inc')).toBe('DigiCert Inc');
    expect(r.text('Tailspin')).toBe('ORG-03');
  });

  it("redacts names in record keys but keeps the schema's own keys", () => {
    const r = redactor();
    expect(r.key('ex01.contoso.local/OWA')).toBe('SERVER-01.domain-01.example/OWA');
    expect(r.key('EX01')).toBe('SERVER-01');
    expect(r.key('perVirtualDirectory')).toBe('perVirtualDirectory');
    expect(r.key('server')).toBe('server');
  });

  // A digit in every label keeps generated names apart from real words and top-level domains.
  const label = fc.stringMatching(/^[a-z]{2,6}[0-9][a-z0-9]{0,4}$/);
  const octet = fc.integer({ min: 1, max: 254 });

  it('never leaks a generated host, domain or address, and is consistent (property)', () => {
    fc.assert(
      fc.property(label, label, fc.constantFrom('local', 'com', 'corp', 'de', 'co.uk'), fc.tuple(octet, octet, octet, octet), (host, org, tld, ip) => {
        fc.pre(!host.includes(org) && !org.includes(host));
        const domain = `${org}.${tld}`;
        const address = ip.join('.');
        const r = new Redactor();
        r.addFqdn(`${host}.${domain}`);
        const texts = [`${host} at ${address}`, `\\\\${host.toUpperCase()}\\C$ in ${domain.toUpperCase()}`, `${org.toUpperCase()}\\svc from ${host}.${domain}`];
        const out = texts.map(t => r.text(t));
        const joined = out.join(' ').toLowerCase();
        expect(joined).not.toContain(host);
        expect(joined).not.toContain(org);
        expect(joined).not.toContain(address);
        expect(out[0]).toBe('SERVER-01 at IP-01');
        expect(out[1]).toBe('\\\\SERVER-01\\C$ in domain-01.example');
        expect(out[2]).toBe('DOMAIN-01\\svc from SERVER-01.domain-01.example');
      }),
      { numRuns: 200 },
    );
  });
});
