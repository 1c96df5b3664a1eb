import type { CuRecord } from './catalog-schema';
import type { StepPrerequisite } from './prerequisites';
import type { CatalogIndex } from './catalog-index';

/** Setup switches that keep Extended Protection off (all virtual directories, or front-end EWS only). */
export const DO_NOT_ENABLE_EP = '/DoNotEnableEP';
export const DO_NOT_ENABLE_EP_FEEWS = '/DoNotEnableEP_FEEWS';

/** Whether Setup of this CU turns Extended Protection on by default (catalog: the product's first such CU). */
export function enablesExtendedProtection(index: CatalogIndex, cu: Pick<CuRecord, 'product' | 'cu'>): boolean {
  const from = index.products.get(cu.product)?.extendedProtectionFromCu ?? null;
  if (from === null) return false;
  const list = index.cusByProduct.get(cu.product) ?? [];
  const at = list.findIndex(c => c.cu === cu.cu);
  const first = list.findIndex(c => c.cu === from);
  return at >= 0 && first >= 0 && at >= first;
}

/**
 * Whether moving from one CU to another makes Setup turn Extended Protection on where the source's
 * Setup did not (2019 CU11–CU13 to CU14, CU15 or SE). A source already at such a CU had it turned
 * on by its own Setup (or kept it off on purpose with the switch): nothing new happens.
 */
export function setsExtendedProtection(index: CatalogIndex, from: Pick<CuRecord, 'product' | 'cu'>, to: Pick<CuRecord, 'product' | 'cu'>): boolean {
  return enablesExtendedProtection(index, to) && !enablesExtendedProtection(index, from);
}

/** What the admin must check before a Setup that turns Extended Protection on, and the way out. */
export function extendedProtectionPrerequisite(media: string): StepPrerequisite {
  return {
    id: 'extended-protection',
    title: `${media} Setup turns on Extended Protection`,
    met: null,
    detail:
      'Before the update: no SSL offloading on a load balancer or reverse proxy in front of Exchange (SSL bridging is fine), ' +
      'LmCompatibilityLevel 3 or higher on the Exchange servers (clients that only speak NTLMv1 stop authenticating), ' +
      'and the same TLS settings on every Exchange server. If you cannot meet them yet, run Setup with ' +
      `${DO_NOT_ENABLE_EP} (Extended Protection stays off, which leaves the server open to the NTLM relay vulnerabilities it closes) ` +
      `or ${DO_NOT_ENABLE_EP_FEEWS} (off only on the front-end EWS virtual directory, for hybrid modern topologies), and turn it on later with ExchangeExtendedProtectionManagement.ps1.`,
  };
}
