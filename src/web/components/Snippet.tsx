import { snippetParts } from '../snippet.js';

export function Snippet({ html }: { html: string }) {
  return (
    <>
      {snippetParts(html).map((p, i) =>
        p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}
