import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading'; data: T | null; error: null }
  | { state: 'done'; data: T; error: null }
  | { state: 'error'; data: null; error: Error };

/** Runs `load` when `key` changes, cancelling the previous request so a slow answer never overwrites a newer one. */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading', data: null, error: null });
  useEffect(() => {
    const ctrl = new AbortController();
    setResult((r) => ({ state: 'loading', data: r.data, error: null }));
    load(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setResult({ state: 'done', data, error: null });
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setResult({ state: 'error', data: null, error: err as Error });
      },
    );
    return () => ctrl.abort();
    // `load` is a new closure each render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result;
}
