import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Gives focus back to what opened a dialog or drawer once it closes. The opener is the element
 * focused when `open` turns true (a layout effect runs before the surface moves focus into
 * itself); on close, focus is retried for a moment because the page stays inert until the
 * surface's closing transition ends.
 */
export function useReturnFocus(open: boolean, fallback?: RefObject<HTMLElement | null>): void {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (open && !wasOpen.current) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    }
  }, [open]);
  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    // An opener inside a menu is gone with the menu: its trigger stands in for it.
    const target = opener.current?.isConnected ? opener.current : (fallback?.current ?? null);
    opener.current = null;
    if (!target) return;
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      if (target.isConnected && document.activeElement !== target) target.focus();
      if (document.activeElement === target || !target.isConnected || tries >= 40) clearInterval(timer);
    }, 25);
    return () => clearInterval(timer);
  }, [open, fallback]);
}
