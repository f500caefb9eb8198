import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, looksBinary, normalizeCharset } from '../../src/collect/charset.js';

const ARABIC = 'قالت وزارة الدفاع السورية إن الاتفاق العسكري مع إيران يعزز الدفاع الجوي في دمشق';
const html = (meta: string, body: string) =>
  `<html><head>${meta}<title>خبر</title></head><body><p>${body}</p></body></html>`;

describe('decodeBody', () => {
  it('reads windows-1256 declared only in a <meta charset>', () => {
    const bytes = iconv.encode(html('<meta charset="windows-1256">', ARABIC), 'windows-1256');
    const r = decodeBody(bytes, 'text/html');
    expect(r.charset).toBe('windows-1256');
    expect(r.text).toContain(ARABIC);
  });

  it('reads ISO-8859-6 declared in a http-equiv meta with the "arabic" label', () => {
    const bytes = iconv.encode(
      html('<meta http-equiv="Content-Type" content="text/html; charset=arabic">', ARABIC),
      'iso-8859-6',
    );
    const r = decodeBody(bytes, null);
    expect(r.charset).toBe('iso-8859-6');
    expect(r.text).toContain(ARABIC);
  });

  it('prefers the Content-Type header over the page and the BOM over both', () => {
    const bytes = iconv.encode(html('<meta charset="utf-8">', ARABIC), 'windows-1256');
    expect(decodeBody(bytes, 'text/html; charset=cp1256').text).toContain(ARABIC);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html('', ARABIC))]);
    const r = decodeBody(bom, 'text/html; charset=iso-8859-1');
    expect(r.charset).toBe('utf-8');
    expect(r.text.startsWith('<html>')).toBe(true);
  });

  it('decodes UTF-16 with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ARABIC, 'utf-16le')]);
    expect(decodeBody(bytes, null).text).toBe(ARABIC);
  });

  it('does not trust a UTF-8 declaration on bytes that are not UTF-8', () => {
    const bytes = iconv.encode(html('', ARABIC.repeat(5)), 'windows-1256');
    const r = decodeBody(bytes, 'text/html; charset=utf-8');
    expect(r.text).not.toContain('\uFFFD');
    expect(r.text).toContain(ARABIC);
  });

  it('reads the XML declaration of a feed', () => {
    const xml = `<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>${ARABIC}</title></channel></rss>`;
    expect(decodeBody(iconv.encode(xml, 'windows-1256'), 'application/rss+xml', 'xml').text).toContain(
      ARABIC,
    );
  });

  it('falls back to UTF-8 when undeclared and valid, ignoring unknown labels', () => {
    const r = decodeBody(Buffer.from(html('<meta charset="x-klingon">', ARABIC)), 'text/html; charset=bogus');
    expect(r.charset).toBe('utf-8');
    expect(r.text).toContain(ARABIC);
  });
});

describe('normalizeCharset', () => {
  it.each([
    ['ISO-8859-1', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['Arabic', 'iso-8859-6'],
    ['ISO_8859-6', 'iso-8859-6'],
    ['CP1256', 'windows-1256'],
    ['"utf8"', 'utf-8'],
    ['nonsense', null],
  ])('%s → %s', (label, expected) => expect(normalizeCharset(label)).toBe(expected));
});

describe('looksBinary', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n...')],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00])],
    ['NUL bytes', Buffer.from('abc\u0000def')],
  ])('flags %s', (_name, buf) => expect(looksBinary(buf)).toBe(true));
  it('passes text, Arabic and UTF-16 with a BOM', () => {
    expect(looksBinary(Buffer.from('<html>hello</html>'))).toBe(false);
    expect(looksBinary(iconv.encode(ARABIC, 'windows-1256'))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('hi', 'utf-16le')]))).toBe(
      false,
    );
  });
});
