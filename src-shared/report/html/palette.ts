import type { Severity } from '../../analysis/types';

/**
 * Severity colours, shared by the stylesheet and the SVG pictures. Each has
 * at least 4.5:1 contrast against white, so it also works as text colour.
 */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#b3261e',
  warning: '#8a5a00',
  info: '#0b5cad',
  ok: '#1a7f37',
};
