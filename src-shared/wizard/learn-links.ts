import type { ChecklistLink } from './checklist-item';

/**
 * Microsoft's pages the upgrade runbook links, one per task. Only hosts on the external-link
 * allow-list (src-shared/domain/external-links.ts); test/wizard/upgrade-checklist.test.ts checks it.
 */
export const LEARN = {
  upgradeToSe: { title: 'Microsoft Learn: Upgrade to Exchange Server SE', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se' },
  systemRequirements: { title: 'Microsoft Learn: Exchange Server system requirements (hardware, memory, disk)', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/system-requirements' },
  supportability: { title: 'Microsoft Learn: Exchange Server supportability matrix', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/supportability-matrix' },
  prerequisites: { title: 'Microsoft Learn: Exchange Server prerequisites', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/prerequisites' },
  prepareAd: { title: 'Microsoft Learn: Prepare Active Directory and domains for Exchange Server', url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/prepare-ad-and-domains' },
  unattended: {
    title: 'Microsoft Learn: Use unattended Setup mode in Exchange Server',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/unattended-installs',
  },
  cumulativeUpdates: {
    title: 'Microsoft Learn: Install Exchange Server cumulative and security updates',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/install-cumulative-updates',
  },
  extendedProtection: {
    title: 'Microsoft Learn: Configure Windows Extended Protection in Exchange Server',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/post-installation-tasks/security-best-practices/exchange-extended-protection',
  },
  tlsGuide: {
    title: 'Microsoft Learn: Exchange Server TLS configuration best practices',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/post-installation-tasks/security-best-practices/exchange-tls-configuration',
  },
  exportCertificate: { title: 'Microsoft Learn: Export a certificate from an Exchange server', url: 'https://learn.microsoft.com/en-us/exchange/architecture/client-access/export-certificates' },
  importCertificate: {
    title: 'Microsoft Learn: Import or install a certificate on an Exchange server',
    url: 'https://learn.microsoft.com/en-us/exchange/architecture/client-access/import-certificates',
  },
  virtualDirectories: {
    title: 'Microsoft Learn: Set-OwaVirtualDirectory (the other virtual directories work the same way)',
    url: 'https://learn.microsoft.com/en-us/powershell/module/exchange/set-owavirtualdirectory',
  },
  clientAccessService: { title: 'Microsoft Learn: Set-ClientAccessService (Autodiscover)', url: 'https://learn.microsoft.com/en-us/powershell/module/exchange/set-clientaccessservice' },
  sendConnectors: { title: 'Microsoft Learn: Send connectors', url: 'https://learn.microsoft.com/en-us/exchange/mail-flow/connectors/send-connectors' },
  receiveConnectors: { title: 'Microsoft Learn: Receive connectors', url: 'https://learn.microsoft.com/en-us/exchange/mail-flow/connectors/receive-connectors' },
  mailboxMoves: { title: 'Microsoft Learn: Mailbox moves in Exchange Server', url: 'https://learn.microsoft.com/en-us/exchange/recipients/mailbox-moves' },
  newMoveRequest: { title: 'Microsoft Learn: New-MoveRequest', url: 'https://learn.microsoft.com/en-us/powershell/module/exchange/new-moverequest' },
  publicFolders: { title: 'Microsoft Learn: Public folders in Exchange Server', url: 'https://learn.microsoft.com/en-us/exchange/collaboration/public-folders/public-folders' },
  edgeSubscriptions: { title: 'Microsoft Learn: Edge Subscriptions', url: 'https://learn.microsoft.com/en-us/exchange/architecture/edge-transport-servers/edge-subscriptions' },
  removeDatabase: { title: 'Microsoft Learn: Remove-MailboxDatabase', url: 'https://learn.microsoft.com/en-us/powershell/module/exchange/remove-mailboxdatabase' },
  eems: { title: 'Microsoft Learn: Exchange Emergency Mitigation Service', url: 'https://learn.microsoft.com/en-us/exchange/exchange-emergency-mitigation-service' },
  dagMaintenance: {
    title: 'Microsoft Learn: Manage database availability groups (maintenance on DAG members)',
    url: 'https://learn.microsoft.com/en-us/exchange/high-availability/manage-ha/manage-dags',
  },
  newDatabase: { title: 'Microsoft Learn: New-MailboxDatabase', url: 'https://learn.microsoft.com/en-us/powershell/module/exchange/new-mailboxdatabase' },
  newDag: { title: 'Microsoft Learn: Create a database availability group', url: 'https://learn.microsoft.com/en-us/exchange/high-availability/manage-ha/create-dags' },
  hybridWizard: { title: 'Microsoft Learn: Hybrid Configuration Wizard', url: 'https://learn.microsoft.com/en-us/exchange/hybrid-configuration-wizard' },
} as const satisfies Record<string, ChecklistLink>;
