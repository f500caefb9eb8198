/** One article of the LGL / TR-News geoparsing corpora (Gritta et al.'s XML release). */
export interface GeoArticle {
  id: string;
  text: string;
  toponyms: GeoToponym[];
}

export interface GeoToponym {
  start: number;
  end: number;
  phrase: string;
  /** Absent for toponyms the annotators could not place (about 12% of LGL). */
  geonameId: number | null;
  lat: number | null;
  lon: number | null;
  fcode: string | null;
}

const tag = (xml: string, name: string): string | null => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? (m[1] ?? null) : null;
};

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * A few TR-News articles were re-indented after annotation and their offsets drift by a character or two:
 * the phrase is looked for at the given offset, then at the nearest offset within 60 characters.
 */
function anchor(text: string, phrase: string, at: number): number {
  for (let d = 0; d <= 60; d++) {
    if (text.startsWith(phrase, at - d)) return at - d;
    if (text.startsWith(phrase, at + d)) return at + d;
  }
  return -1;
}

/**
 * Reads the corpus XML. Offsets index the CDATA text directly; a toponym whose phrase is not at its offsets
 * is an error, so a misread file cannot yield quietly wrong scores.
 */
export function parseGeoCorpus(xml: string): GeoArticle[] {
  const out: GeoArticle[] = [];
  for (const m of xml.matchAll(/<article docid="([^"]*)">([\s\S]*?)<\/article>/g)) {
    const body = m[2] ?? '';
    const rawText =
      /<text>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/text>/.exec(body)?.[1] ?? unescape(tag(body, 'text') ?? '');
    const toponyms: GeoToponym[] = [];
    for (const t of body.matchAll(/<toponym>([\s\S]*?)<\/toponym>/g)) {
      const x = t[1] ?? '';
      const phrase = unescape(tag(x, 'phrase') ?? '');
      const start = anchor(rawText, phrase, Number(tag(x, 'start')));
      if (start < 0) {
        throw new Error(
          `article ${m[1] ?? '?'}: toponym "${phrase}" is not near offset ${tag(x, 'start') ?? '?'}`,
        );
      }
      const end = start + phrase.length;
      const lat = tag(x, 'lat');
      const lon = tag(x, 'lon');
      const id = /<gaztag geonameid="(\d+)"/.exec(x)?.[1];
      toponyms.push({
        start,
        end,
        phrase,
        geonameId: id ? Number(id) : null,
        lat: lat === null ? null : Number(lat),
        lon: lon === null ? null : Number(lon),
        fcode: tag(x, 'fcode'),
      });
    }
    out.push({ id: m[1] ?? '', text: rawText, toponyms });
  }
  return out;
}
