import type { DocLink } from './types';

/**
 * Microsoft documentation the findings point to. Every host here is on the
 * external-link allow-list (src-shared/domain/external-links.ts); a test keeps
 * it that way.
 */
export const DOCS = {
  eemsOutOfDateBlog: {
    title: 'Exchange Emergency Mitigation Service might not work for servers significantly out of date (Exchange Team, January 2025)',
    url: 'https://techcommunity.microsoft.com/blog/exchange/exchange-emergency-mitigation-service-might-not-work-for-servers-significantly-o/4370312',
  },
  unknownIssuerKb: {
    title: "Exchange mitigation and flighting services fail due to 'Unknown Issuer' error",
    url: 'https://support.microsoft.com/topic/e2d8ccf3-209f-4056-845e-07d3e4a28646',
  },
  eemsService: {
    title: 'Exchange Emergency Mitigation (EM) service',
    url: 'https://learn.microsoft.com/en-us/exchange/exchange-emergency-mitigation-service',
  },
  eemsConnectivity: { title: 'Troubleshoot EEMS connectivity', url: 'https://aka.ms/HelpConnectivityEEMS' },
  buildNumbers: {
    title: 'Exchange Server build numbers and release dates',
    url: 'https://learn.microsoft.com/en-us/exchange/new-features/build-numbers-and-release-dates',
  },
  upgradeToSe: {
    title: 'Upgrade to Exchange Server SE',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se',
  },
  supportability: {
    title: 'Exchange Server supportability matrix',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/supportability-matrix',
  },
  prerequisites: {
    title: 'Exchange Server prerequisites',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/prerequisites',
  },
  systemRequirements: {
    title: 'Exchange Server system requirements',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements',
  },
  tlsGuide: { title: 'Exchange Server TLS configuration best practices', url: 'https://aka.ms/HC-TLSGuide' },
  rebootPending: { title: 'Health Checker: server pending reboot', url: 'https://aka.ms/HC-RebootPending' },
  authCertificate: { title: 'Maintain (rotate) the Exchange Server Auth certificate', url: 'https://aka.ms/HC-OAuthExpired' },
  serverComponentState: { title: 'Health Checker: Exchange server maintenance state', url: 'https://aka.ms/HC-ServerComponentState' },
  extendedProtection: {
    title: 'Configure Windows Extended Protection in Exchange Server',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/post-installation-tasks/security-best-practices/exchange-extended-protection',
  },
  eemsHealthChecker: { title: 'Health Checker: EEMS check', url: 'https://aka.ms/HC-EEMS' },
  certificates: {
    title: 'Digital certificates and encryption in Exchange Server',
    url: 'https://learn.microsoft.com/en-us/exchange/architecture/client-access/certificates',
  },
  installCumulativeUpdates: {
    title: 'Upgrade Exchange to the latest Cumulative Update',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/install-cumulative-updates',
  },
  tcpKeepAlive: {
    title: 'Health Checker: TCP/IP Settings Check (KeepAliveTime)',
    url: 'https://microsoft.github.io/CSS-Exchange/Diagnostics/HealthChecker/TCPIPSettingsCheck/',
  },
} as const satisfies Record<string, DocLink>;
