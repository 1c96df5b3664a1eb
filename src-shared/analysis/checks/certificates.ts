import { daysBetween } from '../../domain/dates';
import { psQuote } from '../../domain/powershell-quote';
import { ev, finding, isEdge, type Check } from '../check';
import { DOCS } from '../links';
import type { CertificateFacts } from '../../domain/facts';
import type { Severity } from '../types';

const BAD_STATUS = /^(revoked|dateinvalid|invalid)$/i;
const DOUBTFUL_STATUS = /^(unknown|untrusted|revocationcheckfailure|pendingrequest)$/i;

interface CertificateProblem {
  severity: Severity;
  text: string;
}

function problems(cert: CertificateFacts, today: string): CertificateProblem[] {
  const list: CertificateProblem[] = [];
  const days = cert.notAfter === null ? null : daysBetween(today, cert.notAfter);
  if (cert.notAfter === null) list.push({ severity: 'warning', text: 'expiry date could not be read' });
  else if (days !== null && days < 0) list.push({ severity: 'critical', text: `expired ${-days} day(s) ago` });
  else if (days !== null && days < 30) list.push({ severity: 'critical', text: `expires in ${days} day(s)` });
  else if (days !== null && days < 60) list.push({ severity: 'warning', text: `expires in ${days} days` });
  if (cert.status && BAD_STATUS.test(cert.status)) list.push({ severity: 'critical', text: `status ${cert.status}` });
  else if (cert.status && DOUBTFUL_STATUS.test(cert.status)) list.push({ severity: 'warning', text: `status ${cert.status}` });
  const ecc = /ecdsa|ecc/i.test(cert.signatureAlgorithm ?? '');
  if (cert.keySize !== null && cert.keySize < 2048 && !ecc) list.push({ severity: 'critical', text: `key size ${cert.keySize} bits` });
  if (/sha1|md5/i.test(cert.signatureAlgorithm ?? '')) list.push({ severity: 'warning', text: `weak signature ${cert.signatureAlgorithm}` });
  return list;
}

/** The services as evidence: null is unknown (not readable without the Exchange tools), never "none". */
function servicesText(services: string[] | null): string {
  if (services === null) return 'unknown (not readable without the Exchange tools; Get-ExchangeCertificate shows them)';
  return services.join(', ') || 'none';
}

function label(cert: CertificateFacts): string {
  return `${cert.subject} (${cert.thumbprint.slice(0, 8)}…)`;
}

/** Exchange certificates and the Auth certificate, with Health Checker's lifetime thresholds (60/30 days). */
export const certificateChecks: Check[] = [
  function exchangeCertificates(ctx) {
    const certs = ctx.facts?.certificates;
    if (!certs) return [];
    const out = [];
    let fine = 0;
    for (const cert of certs) {
      // The current Auth certificate has its own finding (certificate.auth).
      if (cert.isCurrentAuth && !isEdge(ctx)) continue;
      const found = problems(cert, ctx.today);
      if (found.length === 0) {
        fine++;
        continue;
      }
      const severity: Severity = found.some(p => p.severity === 'critical') ? 'critical' : 'warning';
      out.push(
        finding(`certificate.${cert.thumbprint.slice(0, 12).toLowerCase()}`, severity, `Certificate ${cert.subject}: ${found.map(p => p.text).join(', ')}`, {
          evidence: [
            ev('Certificate', label(cert)),
            ev('Valid until', cert.notAfter ?? 'could not be read'),
            ev('Services', servicesText(cert.services)),
            ev('Status', cert.status),
            ev('Key size', cert.keySize),
            ev('Signature', cert.signatureAlgorithm),
          ],
          why:
            cert.services && cert.services.length > 0
              ? `Clients and servers using ${cert.services.join(', ')} will fail or warn when this certificate is not valid.`
              : 'An invalid certificate bound to a service breaks that service.',
          action:
            cert.notAfter === null
              ? `Read its expiry date in the Exchange Management Shell: Get-ExchangeCertificate -Thumbprint ${psQuote(cert.thumbprint)} | Format-List Subject, NotAfter, Services; renew or replace it if it is near its end.`
              : 'Renew or replace the certificate and assign it to the same services (Exchange admin center or Enable-ExchangeCertificate).',
          links: [DOCS.certificates],
        }),
      );
    }
    if (out.length === 0 && fine > 0) {
      out.push(
        finding('certificate.all', 'ok', `${fine} Exchange certificate(s) valid for at least 60 days`, {
          evidence: certs.map(c => ev(label(c), `until ${c.notAfter}`)),
          why: 'Expired certificates break client access and mail flow.',
          action: 'Nothing to do.',
          links: [DOCS.certificates],
        }),
      );
    }
    return out;
  },

  function authCertificate(ctx) {
    const auth = ctx.facts?.authCertificate;
    if (!auth) return [];
    const edge = isEdge(ctx);
    const evidence = [
      ev('Current Auth certificate', auth.currentThumbprint),
      ev('Found on this server', auth.foundOnServer),
      ev('Valid until', auth.notAfter),
      ev('Next Auth certificate', auth.nextThumbprint ?? 'none staged'),
    ];
    if (edge) return [];
    if (!auth.currentThumbprint || !auth.foundOnServer) {
      return [
        finding('certificate.auth', 'critical', 'The Auth certificate is missing on this server', {
          evidence,
          why: 'Exchange uses the Auth certificate for server-to-server authentication (OAuth); without it hybrid, Teams integration and parts of EWS fail.',
          action: 'Create and publish a new Auth certificate (MonitorExchangeAuthCertificate.ps1 from Microsoft can do it).',
          links: [DOCS.authCertificate],
        }),
      ];
    }
    if (!auth.notAfter) {
      return [
        finding('certificate.auth', 'warning', "The Auth certificate's expiry date could not be read", {
          evidence,
          why: 'When it expires, server-to-server authentication (OAuth) fails; without its date the wizard cannot tell when.',
          action: `Read it in the Exchange Management Shell: Get-ExchangeCertificate -Thumbprint ${psQuote(auth.currentThumbprint)} | Format-List Subject, NotAfter.`,
          links: [DOCS.authCertificate],
        }),
      ];
    }
    const days = daysBetween(ctx.today, auth.notAfter);
    if (days !== null && days < 0)
      return [
        finding('certificate.auth', 'critical', 'The Auth certificate has expired', {
          evidence,
          why: 'Server-to-server authentication (OAuth) fails with an expired Auth certificate.',
          action: 'Renew the Auth certificate now (MonitorExchangeAuthCertificate.ps1), then restart the IIS application pools.',
          links: [DOCS.authCertificate],
        }),
      ];
    if (days !== null && days < 60 && !auth.nextThumbprint) {
      return [
        finding('certificate.auth', days < 30 ? 'critical' : 'warning', `The Auth certificate expires in ${days} days`, {
          evidence,
          why: 'When it expires, server-to-server authentication (OAuth) fails.',
          action: 'Stage a new Auth certificate now (MonitorExchangeAuthCertificate.ps1 does it safely).',
          links: [DOCS.authCertificate],
        }),
      ];
    }
    return [
      finding('certificate.auth', 'ok', 'The Auth certificate is valid', {
        evidence,
        why: 'Used for server-to-server authentication (OAuth).',
        action: 'Nothing to do.',
        links: [DOCS.authCertificate],
      }),
    ];
  },
];
