import { z } from 'zod';
import { RESERVED_KEYS } from './host-names';

/**
 * A key of keyed data that arrives from outside (session checklist ticks,
 * per-server maps): never `__proto__`, `constructor` or `prototype`, which
 * would reach Object.prototype or crash code that indexes a plain object.
 */
export const SafeKey = z
  .string()
  .min(1)
  .max(256)
  .refine(key => !RESERVED_KEYS.has(key.toLowerCase()), 'reserved words (__proto__, constructor, prototype) cannot be keys');
