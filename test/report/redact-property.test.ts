import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printHtmlWithChromium } from '../../electron/engine/chromium-pdf';
import { produceReport } from '../../electron/engine/report/produce';
import type { WizardSession } from '../../src-shared/wizard/session';
import { reportFromSession } from '../../src-shared/report/build';
import { renderCsv } from '../../src-shared/report/csv';
import { renderHtml } from '../../src-shared/report/html/render';
import { renderJson } from '../../src-shared/report/json';
import { REPORT_OPTIONS, sampleSession } from './fixtures';
import { readPdf } from './pdf-reader';

/**
 * Redaction as a property: random names put into every fact field that can
 * hold an identifying value must not survive in any redacted format.
 */

interface Names {
  user: string;
  proxy: string;
  share: string;
  org: string;
  locality: string;
  tenant: string;
  netbios: string;
  site: string;
  dag: string;
  thumbprint: string;
  /** Round 3: a Linux and a forward-slash Windows profile, user@NETBIOS, the WOW6432 proxy, a subject naming a CA. */
  homeUser: string;
  slashUser: string;
  upnUser: string;
  wowProxy: string;
  unit: string;
  /** Organisations under TLDs that were not recognised (.gmbh, .pl), and a host only found as an object key. */
  gmbhOrg: string;
  plOrg: string;
  keyHost: string;
  /** An IP address written into a version-like field (and elsewhere). */
  address: string;
}

/** A name no report text contains by chance: a rare prefix, then letters and digits. */
const name = fc.stringMatching(/^[a-z]{3}[0-9][a-z0-9]{3,6}$/).map(s => `zq${s}`);
const names: fc.Arbitrary<Names> = fc
  .record({
    user: name,
    proxy: name,
    share: name,
    org: name,
    locality: name,
    tenant: name,
    netbios: name,
    site: name,
    dag: name,
    thumbprint: fc.stringMatching(/^[0-9A-F]{40}$/),
    homeUser: name,
    slashUser: name,
    upnUser: name,
    wowProxy: name,
    unit: name,
    gmbhOrg: name,
    plOrg: name,
    keyHost: name,
    address: fc.tuple(fc.integer({ min: 20, max: 199 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map(o => o.join('.')),
  })
  .filter(n => new Set(Object.values(n)).size === Object.values(n).length);

/** The sample session with the names placed where real facts carry such values. */
function sessionWith(n: Names): WizardSession {
  const session = sampleSession();
  const upper = n.netbios.toUpperCase();
  for (const server of session.scan?.servers ?? []) {
    const f = server.facts;
    if (!f) continue;
    f.identity.domain = upper;
    f.identity.site = `${n.site}-Site`;
    f.eems.internetWebProxy = `http://${n.proxy}:8080`;
    f.httpProxy = { winHttpProxy: `${n.proxy}:3128;<local>;*.${n.tenant}.onmicrosoft.com`, winHttpProxyWow6432: `http=${n.wowProxy}:8080;https=${n.wowProxy}:8443` };
    if (f.prerequisites) f.prerequisites.ucmaVersion = n.address;
    f.extendedProtection = { configured: true, perVirtualDirectory: { [`${n.keyHost}.${n.netbios}.local/OWA`]: 'Require', 'Default Web Site/EWS': 'Allow' } };
    if (f.eems.ocsTest) {
      f.eems.ocsTest.proxy = `http://${n.proxy}:8080`;
      f.eems.ocsTest.error = `Unable to connect to the remote server ${n.proxy}:8080 as ${upper}\\${n.user}`;
    }
    f.eems.certificateLogLines = [{ file: `\\\\${n.share}\\logs$\\MitigationService.log`, line: `Fetch by ${upper}\\${n.user} failed` }];
    f.eems.events1008 = [{ timeCreated: '2026-11-20T03:00:00Z', eventId: 1008, message: `Connector ${n.tenant}.mail.protection.outlook.com rejected; profile C:\\Users\\${n.user}\\AppData` }];
    if (f.maintenance) f.maintenance.dagName = n.dag;
    for (const c of f.certificates ?? []) {
      c.subject = c === f.certificates?.[0] ? `CN=mail.example.net, OU=${n.unit} Microsoft Exchange, O=${n.org}, L=${n.locality}, C=GB` : `CN=mail.example.net, O=${n.org}, L=${n.locality}, C=GB`;
      c.issuer = `CN=${n.org} Issuing CA, O=${n.org}, L=${n.locality}`;
      c.thumbprint = n.thumbprint;
    }
    if (f.authCertificate) f.authCertificate.currentThumbprint = n.thumbprint;
    server.findings = server.findings.map(x => ({
      ...x,
      evidence: [
        ...x.evidence,
        { label: 'Seen by', value: `${n.user}@example.net on \\\\${n.share}\\data` },
        { label: 'Run as', value: `${n.upnUser}@${upper} from /home/${n.homeUser}/exwiz and C:/Users/${n.slashUser}/Downloads` },
        { label: 'Relays', value: `smtp.${n.gmbhOrg}.gmbh, mx1.${n.plOrg}.pl and ${n.address}` },
      ],
    }));
  }
  session.audit.push({ at: '2026-11-26T11:40:00Z', action: 'import', detail: `Imported C:\\Users\\${n.user}\\Downloads\\x.exe from \\\\${n.share}\\updates`, outcome: 'ok' });
  return session;
}

function leaked(text: string, n: Names): string[] {
  const lower = text.toLowerCase();
  return Object.values(n).filter(v => lower.includes(v.toLowerCase()));
}

describe('redaction (property)', () => {
  it('no name placed in the facts survives in the redacted JSON, HTML or CSV', () => {
    fc.assert(
      fc.property(names, n => {
        const plain = reportFromSession(sessionWith(n), REPORT_OPTIONS);
        // The check can fail: the unredacted JSON holds every name.
        expect(leaked(renderJson(plain), n).sort()).toEqual(Object.values(n).sort());
        const redacted = reportFromSession(sessionWith(n), { ...REPORT_OPTIONS, redact: true });
        for (const text of [renderJson(redacted), renderHtml(redacted), renderCsv(redacted)]) expect(leaked(text, n)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('no name placed in the facts survives in the redacted PDF text', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(names, async n => {
        const redacted = reportFromSession(sessionWith(n), { ...REPORT_OPTIONS, redact: true });
        const pdf = await produceReport(redacted, 'pdf', { printToPdf: printHtmlWithChromium });
        const content = readPdf(Buffer.from(pdf as Uint8Array));
        const text = [...content.outline, ...content.pages].join('\n').replace(/\s+/g, ' ');
        expect(text).toContain('SERVER-01');
        expect(leaked(text, n)).toEqual([]);
      }),
      { numRuns: 3 },
    );
  });
});
