import { useEffect } from 'react';
import { ApiError } from '../api.js';
import type { Loaded } from '../use-api.js';

export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Watchfloor` : 'Watchfloor';
  }, [title]);
}

export function NotFound({ message }: { message: string }) {
  useTitle('Not found');
  return (
    <div className="error" role="alert">
      <strong>Not found.</strong> {message}
    </div>
  );
}

/** A query error shows the query with a caret under where the parser stopped. */
export function ErrorBox({ error, query }: { error: Error; query?: string }) {
  const position = error instanceof ApiError ? error.position : null;
  return (
    <div className="error" role="alert" data-testid="error">
      <strong>
        {error instanceof ApiError && error.code === 'bad_query' ? 'Invalid query: ' : 'Could not load: '}
      </strong>
      {error.message}
      {query !== undefined && position !== null && (
        <pre aria-hidden="true">
          {query}
          {'\n'}
          {' '.repeat(Math.max(0, Math.min(position, query.length)))}^
        </pre>
      )}
    </div>
  );
}

/** Renders the loading and error states of a request; the children render the data. */
export function Load<T>({
  r,
  children,
  query,
}: {
  r: Loaded<T>;
  children: (data: T) => React.ReactNode;
  query?: string;
}) {
  if (r.state === 'error') {
    if (r.error instanceof ApiError && r.error.status === 404) return <NotFound message={r.error.message} />;
    return <ErrorBox error={r.error} {...(query !== undefined ? { query } : {})} />;
  }
  if (r.data === null)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  return <>{children(r.data)}</>;
}
