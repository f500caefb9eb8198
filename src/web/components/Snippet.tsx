import { snippetParts } from '../snippet.js';

/**
 * A search snippet with its marks, isolated in a <bdi> so an Arabic or Persian snippet runs right to left
 * (its direction from its own first strong letter) wherever it is placed, marks on the words they mark.
 */
export function Snippet({ html }: { html: string }) {
  return (
    <bdi className="snippet">
      {snippetParts(html).map((p, i) =>
        p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </bdi>
  );
}
