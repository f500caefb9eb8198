import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The element's content width in CSS pixels, tracked with a ResizeObserver. The SVGs use it as their
 * viewBox width so one user unit is one pixel: labels keep their size on a phone instead of shrinking
 * with the drawing. Rounded to `step` so sub-pixel jitter does not recompute projections or layouts.
 */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 800, step = 1): number {
  return useMeasuredWidth(ref, fallback, step)[0];
}

/** useWidth, and whether the width is measured yet (false while it is still the fallback). */
export function useMeasuredWidth(
  ref: RefObject<HTMLElement | null>,
  fallback = 800,
  step = 1,
): [width: number, measured: boolean] {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (w: number): void => {
      if (w > 0) setWidth(Math.max(step, Math.round(w / step) * step));
    };
    measure(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) measure(entry.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, step]);
  return [width ?? fallback, width !== null];
}
