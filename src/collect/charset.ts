import chardet from 'chardet';
import iconv from 'iconv-lite';

// Bytes → text. Middle-East outlets still send windows-1256 and ISO-8859-6, often declared only in a
// <meta> tag, sometimes declared wrongly; a wrong guess turns Arabic into mojibake that no later stage
// can repair.

const LABELS: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
  arabic: 'iso-8859-6',
  'iso-8859-6': 'iso-8859-6',
  'iso_8859-6': 'iso-8859-6',
  'iso8859-6': 'iso-8859-6',
  'iso-8859-6-i': 'iso-8859-6',
  'iso-8859-6-e': 'iso-8859-6',
  'asmo-708': 'iso-8859-6',
  'ecma-114': 'iso-8859-6',
  csisolatinarabic: 'iso-8859-6',
  cp1256: 'windows-1256',
  'windows-1256': 'windows-1256',
  'x-cp1256': 'windows-1256',
  cp1255: 'windows-1255',
  'windows-1255': 'windows-1255',
  'iso-8859-8': 'iso-8859-8',
  'iso-8859-8-i': 'iso-8859-8',
  hebrew: 'iso-8859-8',
  cp1254: 'windows-1254',
  'windows-1254': 'windows-1254',
  'iso-8859-9': 'windows-1254',
  cp1251: 'windows-1251',
  'windows-1251': 'windows-1251',
  'koi8-r': 'koi8-r',
  'iso-8859-2': 'iso-8859-2',
  'iso-8859-15': 'iso-8859-15',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-16': 'utf-16le',
  gbk: 'gbk',
  gb2312: 'gbk',
  big5: 'big5',
  shift_jis: 'shift_jis',
  'euc-kr': 'euc-kr',
};

/** A WHATWG-style label → an encoding iconv-lite can decode, or null for an unknown label. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  // hasOwn: a page declaring charset="constructor" must not find Object's constructor (issue 15).
  const mapped = Object.hasOwn(LABELS, l) ? LABELS[l] : undefined;
  if (mapped) return mapped;
  return iconv.encodingExists(l) ? l : null;
}

function charsetFromContentType(ct: string | null): string | null {
  const m = ct ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct) : null;
  return m ? normalizeCharset(m[1]) : null;
}

function charsetFromMarkup(head: string, hint: 'html' | 'xml' | 'text' | undefined): string | null {
  if (hint !== 'text') {
    const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
    if (xml) return normalizeCharset(xml[1]);
  }
  if (hint === 'xml' || hint === 'text') return null;
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return meta ? normalizeCharset(meta[1]) : null;
}

export function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

function detect(buf: Buffer): string {
  const sample = buf.subarray(0, 64 * 1024);
  const guess = normalizeCharset(chardet.detect(sample) ?? null);
  // chardet calls most single-byte Arabic windows-1256; anything it cannot place is read as windows-1252,
  // the web's de-facto default.
  return guess && guess !== 'utf-8' ? guess : 'windows-1252';
}

/** Multi-byte charsets: their bytes can form valid UTF-8 by chance, so a declaration of one stands. */
const MULTI_BYTE = new Set(['utf-16le', 'utf-16be', 'gbk', 'big5', 'shift_jis', 'euc-kr']);

/** Whether a body has bytes above ASCII (valid UTF-8 with them is UTF-8 text, not a single-byte one). */
const hasHighBytes = (buf: Buffer): boolean => buf.some((b) => b >= 0x80);

/**
 * Order of trust: BOM, Content-Type charset, <meta>/XML declaration, valid UTF-8, detection, windows-1252.
 * A declared UTF-8 body that is not valid UTF-8 is detected instead of being filled with U+FFFD. A body
 * declared in a single-byte charset (windows-1256, ISO-8859-1…) that is valid UTF-8 with bytes above ASCII
 * is read as UTF-8: servers and CMS templates keep an old charset header after a site moves to UTF-8 (its
 * <meta> then says UTF-8), and Arabic in UTF-8 read as windows-1256 is mojibake ("ظ‚ط§ظ„"), while
 * single-byte text with letters above ASCII is almost never valid UTF-8 by chance.
 */
export function decodeBody(
  body: Buffer,
  contentType: string | null,
  hint?: 'html' | 'xml' | 'text',
): { text: string; charset: string } {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    return { text: body.subarray(3).toString('utf8'), charset: 'utf-8' };
  }
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) {
    return { text: iconv.decode(body.subarray(2), 'utf-16le'), charset: 'utf-16le' };
  }
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) {
    return { text: iconv.decode(body.subarray(2), 'utf-16be'), charset: 'utf-16be' };
  }
  const head = body.subarray(0, 4096).toString('latin1');
  const declared = charsetFromContentType(contentType) ?? charsetFromMarkup(head, hint ?? 'html');
  let charset: string;
  if (declared === 'utf-8') charset = isValidUtf8(body) ? 'utf-8' : detect(body);
  else if (declared && !MULTI_BYTE.has(declared) && hasHighBytes(body) && isValidUtf8(body))
    charset = 'utf-8';
  else if (declared) charset = declared;
  else charset = isValidUtf8(body) ? 'utf-8' : detect(body);
  const text = charset === 'utf-8' ? body.toString('utf8') : iconv.decode(body, charset);
  return { text: text.replace(/^\uFEFF/, ''), charset };
}

const MAGIC: number[][] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x50, 0x4b, 0x03, 0x04], // ZIP, docx, xlsx
  [0x1f, 0x8b], // gzip
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, wav, avi)
  [0x00, 0x00, 0x00], // mp4/ftyp and other box formats
  [0x49, 0x44, 0x33], // mp3 ID3
  [0x4d, 0x5a], // PE executables
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a], // xz
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], // SQLite
];

/** True for bodies that start like a known binary format (PDF, images, archives, executables). */
export function hasBinaryMagic(body: Buffer): boolean {
  if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) return false; // UTF-16 BOM
  return MAGIC.some((m) => m.every((byte, i) => body[i] === byte));
}

/** True for bodies that are not text: known magic numbers, NUL bytes or many control characters. */
export function looksBinary(body: Buffer): boolean {
  if (body.length === 0) return false;
  if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) return false; // UTF-16 BOM
  if (hasBinaryMagic(body)) return true;
  const sample = body.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / sample.length > 0.1;
}
