import type { ProductRecord } from './catalog-schema';

/**
 * Whether Extended Security Updates still bring updates for a product on `today`: the
 * organisation bought ESU and the product's last ESU period has not ended. After the end no
 * update exists even for ESU customers, so the answer to "do you have ESU?" no longer changes
 * the plan or the severity of end of support.
 */
export function esuInForce(product: Pick<ProductRecord, 'esuEnd'> | undefined, hasEsu: boolean, today: string): boolean {
  if (!hasEsu) return false;
  const end = product?.esuEnd ?? null;
  return end === null || today <= end;
}
