import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

// A router of a dozen lines is enough for a handful of pages: History API paths, query strings as state.

export interface Location {
  path: string;
  params: URLSearchParams;
  hash: string;
}

function current(): Location {
  return {
    path: window.location.pathname,
    params: new URLSearchParams(window.location.search),
    hash: window.location.hash.slice(1),
  };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  if (!options.replace && !to.includes('#')) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return loc;
}

/** Builds `path?query` from the non-empty entries. */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** An anchor that navigates in place; modified clicks (new tab, download) keep the browser's behaviour. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target || /^[a-z]+:/i.test(props.href)) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...rest} onClick={click} />;
}
