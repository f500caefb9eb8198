import type { Context } from 'hono';
import { escapeHtml } from '../store/search-query.js';

// The Atom feeds (watchlist alerts, daily digests, published briefs) share one writer: every value escaped,
// one place for the envelope.

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string | null;
  links?: Array<{ rel: 'alternate' | 'related'; href: string }>;
  author?: string;
  summary?: string;
  /** HTML content, escaped into the feed (Atom type="html"). */
  html?: string;
}

export function atomXml(feed: {
  id: string;
  title: string;
  updated: string;
  self?: string;
  entries: AtomEntry[];
}): string {
  const x = escapeHtml;
  const entry = (e: AtomEntry) =>
    [
      `<entry><id>${x(e.id)}</id><title>${x(e.title)}</title>`,
      ...(e.links ?? []).map((l) => `<link rel="${l.rel}" href="${x(l.href)}"/>`),
      e.author ? `<author><name>${x(e.author)}</name></author>` : '',
      e.published ? `<published>${x(e.published)}</published>` : '',
      `<updated>${x(e.updated)}</updated>`,
      e.summary !== undefined ? `<summary>${x(e.summary)}</summary>` : '',
      e.html !== undefined ? `<content type="html">${x(e.html)}</content>` : '',
      '</entry>',
    ].join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>${x(feed.id)}</id><title>${x(feed.title)}</title>
<updated>${x(feed.updated)}</updated>${feed.self ? `<link rel="self" href="${x(feed.self)}"/>` : ''}<generator>Watchfloor</generator>
${feed.entries.map(entry).join('\n')}
</feed>
`;
}

export function atomResponse(c: Context, xml: string): Response {
  c.header('Content-Type', 'application/atom+xml; charset=utf-8');
  return c.body(xml);
}
