import type { El } from './tree.js';

// Boilerplate that survives content scoring because it sits inside the article container: captions and
// photo credits, share / subscribe / newsletter rows, "Updated …; Posted …" lines, bylines and datelines
// (metadata.ts reads those; they are not text), related-story lists, repeated captions. Two kinds of
// rule: on elements (class names, tags) before text is produced, and on the produced paragraphs.

/** Words that name boilerplate in a class or id ("image-caption", "share-tools", "ssrcss-…-caption"). */
const BOILER_WORDS = new Set(
  (
    'caption captions credit credits copyright byline bylines share sharing sharebar social socials newsletter ' +
    'subscribe subscription related recommended promo advert advertisement ad ads adslot sponsored tags ' +
    'taglist breadcrumb breadcrumbs dateline timestamp authorbio morestories readmore alsoread toolbar signup ' +
    'paywall disclaimer outbrain taboola author authors crumb crumbs comment comments overlay bildunterschrift bilduntertitel bildtext'
  ).split(' '),
);
/** Whole tokens only: "print", "hidden", "sr-only" and the like. */
const BOILER_TOKENS = new Set([
  'print',
  'hidden',
  'visually-hidden',
  'sr-only',
  'screen-reader-text',
  'skip-link',
  'author-bio',
  'more-stories',
  'read-more',
  'also-read',
  'sign-up',
  'tag-list',
]);
/** A token with one of these parts names the article itself ("article-body-print"): never boilerplate. */
const CONTENT_WORDS = /^(?:article|body|content|text|main|story|entry|post|richtext)$/;

const NEGATION = new Set(['non', 'no', 'not', 'without']);

function boilerplateToken(token: string): boolean {
  if (BOILER_TOKENS.has(token)) return true;
  const parts = token.split(/[-_]+/).filter(Boolean);
  if (parts.length > 4) return false;
  let hit = false;
  for (const part of parts) {
    // "non-paywall", "no-ads": a negated name marks what is not boilerplate.
    if (CONTENT_WORDS.test(part) || NEGATION.has(part)) return false;
    if (BOILER_WORDS.has(part)) hit = true;
  }
  return hit;
}

/** Longer runs of plain (non-link) text than this are never boilerplate, whatever the class says. */
const MAX_BOILER_TEXT = 1500;

/** Caption, credit, share, newsletter, related, ad, tag-list… elements inside the article container. */
export function boilerplateElement(el: El): boolean {
  if (el.tag === 'figcaption') return true;
  if (!el.names) return false;
  if (el.tag === 'body' || el.tag === 'html' || el.tag === 'article' || el.tag === 'main') return false;
  if (el.len - el.link > MAX_BOILER_TEXT) return false;
  for (const token of el.names.split(/\s+/)) if (boilerplateToken(token)) return true;
  return false;
}

export interface ParagraphRule {
  name: string;
  /** True when the paragraph (or line) is boilerplate. */
  test: (p: string) => boolean;
}

const AGENCIES =
  'getty(?: images)?|reuters|ap|ap photo|afp|epa|epa-efe|shutterstock|alamy|dpa|picture alliance|picture-alliance|imago|istock|istockphoto|pa|pa wire|pa images|anadolu|xinhua|sipa|bloomberg|nurphoto|zuma|ddp|keystone|action press|ullstein|pap|east news|forum|agencja gazeta|afp via getty images';

const CREDIT_LEAD = new RegExp(
  '^[(\\[]?(?:photo|image|picture|pic|credit|foto|bild|fot\\.|zdjęcie|źródło|quelle|source|video|grafik|illustration)s?\\s*(?::|by|/|©)',
  'i',
);
const CREDIT_TAIL = new RegExp(`(?:\\||/|©|\\(c\\)|:)\\s*(?:${AGENCIES})\\s*\\)?\\.?$`, 'i');

/** Month and weekday names (English, German, French, Spanish, Polish; matched by their first letters). */
const DATE_WORD =
  /^(?:jan|feb|fe[bv]|mar|m[äa]r|apr|avr|abr|may|mai|ma[iy]o|jun|juin|jul|juil|aug|ao[uû]|ago|sep|okt|oct|nov|d[ieé]c|dez|sty|lut|kwi|cze|lip|sie|wrz|pa[zź]|lis|gru|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lun|mer|jeu|ven|sam|dim|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|poniedzia|wtorek|[sś]roda|czwartek|pi[aą]tek|sobota|niedziela)/;
const DATE_FILLER = new Set([
  'am',
  'pm',
  'uhr',
  'um',
  'et',
  'gmt',
  'utc',
  'cet',
  'cest',
  'est',
  'edt',
  'pst',
  'at',
  'de',
  'del',
  'r',
  'roku',
  'h',
  'le',
  'à',
  'the',
  'of',
  'a',
  'm',
  'p',
]);

/** A line that is only a date and time ("March 2, 2021", "02.03.2021, 14:30 Uhr", "Tue 2 March 2021"). */
export function isDateOnly(p: string): boolean {
  if (p.length > 60 || !/\d/.test(p)) return false;
  const tokens = p
    .toLowerCase()
    .split(/[\s,.:|/()\-–—]+/)
    .filter(Boolean);
  if (tokens.length < 2) return false;
  let numbers = 0;
  for (const t of tokens) {
    if (/^\d+(?:st|nd|rd|th)?$/.test(t)) numbers++;
    else if (!DATE_WORD.test(t) && !DATE_FILLER.has(t)) return false;
  }
  return numbers >= 1 && /\d{4}|\d{1,2}[.:/]\d{1,2}|[a-z]{3}/i.test(p);
}

const UI_VERBS = new Set(
  'anzeigen schließen geladen gefällt show hide close open loading like likes zoom vergrößern powiększ zamknij'.split(
    ' ',
  ),
);
const UI_WORDS = new Set([
  ...UI_VERBS,
  ...'bild bilder alle foto fotos mir wird image images photo photos all this more less gallery galerie zdjęcie zdjęcia'.split(
    ' ',
  ),
]);

export const PARAGRAPH_RULES: ParagraphRule[] = [
  {
    name: 'credit',
    test: (p) =>
      p.length < 160 &&
      (CREDIT_LEAD.test(p) ||
        CREDIT_TAIL.test(p) ||
        /^\(image: [^)]*\)$/i.test(p) ||
        /^©/.test(p) ||
        /^(?:abbildung|abb\.|fig\.|figure|rys\.|ryc\.|grafik|bild)\s*\d+\s*[:.]/i.test(p) ||
        /^(?:crédits? photos?|quellenangaben?|bildquellen?|photo credits?|image credits?|źródła?|fuentes?)\s*:/i.test(
          p,
        )),
  },
  {
    name: 'share',
    test: (p) =>
      p.length < 120 &&
      /^(?:share(?: this(?: article| story| page)?)?|tweet|e-?mail|print|follow us|subscribe|sign up|newsletter|read more|related(?: articles| stories| content)?|advertisement|anzeige|werbung|teilen|drucken|artikel teilen|udostępnij|reklama|copy link|comments?|previous article|next article|permalink|kommentieren|kommentare|zurück|weitere artikel|neueste artikel|weitere informationen|wird geladen|loading|dowiedz się więcej|see more|mehr erfahren|nach oben|back to top|top|imprimer|permalien|partager|drukuj|udostępnij|skomentuj)\b[\s:!.]*(?:$|on |to |for |this|here|now|us|our|and |via )/i.test(
        p,
      ),
  },
  {
    name: 'read-also',
    test: (p) =>
      (p.length < 200 &&
        /^(?:lea (?:también|más)|lea|read (?:also|more)|see also|also read|lesen sie (?:auch|mehr)|mehr zum thema|schon gelesen|auch interessant|czytaj (?:też|także|więcej)|zobacz (?:też|także|również)|lire aussi|à lire aussi|mehr themen|weitere themen|auch lesen|siehe auch|le puede interesar|te puede interesar|polecamy|more from|you may also like|you might also like|dowiedz się więcej|zum weiterlesen|weiterlesen)\b\s*[:?]/i.test(
          p,
        )) ||
      (p.length < 120 &&
        /^(?:das könnte (?:dich|sie) (?:auch )?interessieren|ähnliche artikel|vorschau auf den nächsten artikel|zurück zur (?:übersicht|listenansicht)|you may also like|recommended for you|more stories|czytaj również|zobacz również|zum weiterlesen)\b/i.test(
          p,
        )),
  },
  {
    name: 'feedback',
    test: (p) =>
      p.length < 160 &&
      /^(?:war (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)|möchten sie (?:den|diesen) artikel teilen|hier können sie (?:den|diesen) artikel bewerten|kommentar (?:verfassen|schreiben)|kommentare? schreiben|leave a (?:comment|reply)|sie müssen (?:sich )?(?:einloggen|angemeldet sein)|you must be logged in|was this (?:article|page|post) helpful|did you find this (?:article|page) helpful)/i.test(
        p,
      ),
  },
  {
    name: 'copyright',
    test: (p) =>
      p.length < 260 &&
      /(?:copyrighted property|all rights reserved|alle rechte vorbehalten|materiał chroniony prawem|wszelkie prawa zastrzeżone|alle angaben ohne gewähr|todos los derechos reservados|tous droits réservés|written permission must be obtained|nachdruck nur mit|copyright ©|© copyright)/i.test(
        p,
      ),
  },
  {
    name: 'advertising',
    test: (p) =>
      p.length < 200 &&
      /^\*?(?:werbung|anzeige|advertisement|sponsored content|reklama|publicidad)\b\s*[.:|-]/i.test(p),
  },
  {
    name: 'subscribe',
    test: (p) =>
      p.length < 240 &&
      /\b(?:subscrib\w*|newsletter\w*|sign(?:ing)? up|log ?in|sign in|abonn\w*|registrier\w*|anmelden|zaloguj\w*|subskryp\w*|prenumer\w*|suscr[ií]b\w*)\b/i.test(
        p,
      ) &&
      /\b(?:please|now|free|today|access|inbox|e-?mail|exclusive|jetzt|kostenlos|gratis|already|click|here|hier|full story|unlimited|teraz|darmowy|ahora)\b/i.test(
        p,
      ),
  },
  {
    name: 'updated-posted',
    test: (p) =>
      p.length < 160 &&
      /^(?:updated|posted|published|last updated|first published|aktualisiert|veröffentlicht|erstellt|stand|zuletzt aktualisiert|aktualizacja|opublikowano|data publikacji)\b[\s:]*.{0,120}\d/i.test(
        p,
      ) &&
      !/[.!?]["”]?$/.test(p.replace(/\b(?:a\.m|p\.m|[A-Z][a-z]{0,3})\.$/, '')),
  },
  {
    name: 'byline',
    test: (p) =>
      p.length < 100 &&
      /^(?:by|von|par|text:|autor(?:in)?\s*:?|auteur\s*:?|author\s*:?|edition\s*:|reporting by|written by)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|und|&|i|\|)\s*.*)?$/iu.test(
        p,
      ),
  },
  {
    // "Previous article: …", "Nächster Artikel …": the links to the neighbouring stories.
    name: 'prev-next',
    test: (p) =>
      p.length < 200 &&
      /^(?:previous|next|prev) (?:article|post|story)|^(?:vorheriger|nächster) (?:artikel|beitrag)|^(?:poprzedni|następny) (?:artykuł|wpis)|^art[ií]culo (?:anterior|siguiente)|^article (?:précédent|suivant)/i.test(
        p,
      ),
  },
  {
    // "5 min read", "Lesezeit: 3 Minuten", "Ten tekst przeczytasz w 2 minuty".
    name: 'reading-time',
    test: (p) =>
      p.length < 80 &&
      /^(?:\d+\s*(?:min|minutes?|minuten)\.?\s*(?:read|lesezeit|czytania|de lectura)|(?:lesezeit|reading time|czas czytania|tiempo de lectura|temps de lecture)\b|ten tekst przeczytasz\b)/i.test(
        p,
      ),
  },
  {
    // Lines made only of the words of picture and like buttons ("Bild anzeigen Bild schließen",
    // "Gefällt mir Wird geladen…").
    name: 'ui-label',
    test: (p) => {
      if (p.length > 60) return false;
      const words = p.toLowerCase().match(/\p{L}+/gu);
      return words !== null && words.every((w) => UI_WORDS.has(w)) && words.some((w) => UI_VERBS.has(w));
    },
  },
  {
    name: 'date-only',
    test: isDateOnly,
  },
];

export function isTrailingLabel(p: string): boolean {
  return p.length < TRAILING_LABEL_MAX && !/[.!?…:;"”“»«)\]]$/.test(p);
}
const TRAILING_LABEL_MAX = 50;

/** The name of the first rule a paragraph trips, or null. */
export function paragraphRule(p: string): string | null {
  for (const r of PARAGRAPH_RULES) if (r.test(p)) return r.name;
  return null;
}

const METADATA_RULES = new Set(['byline', 'date-only', 'updated-posted']);

/**
 * Drops boilerplate lines and paragraphs, and any short paragraph seen before (repeated captions). Byline
 * and date lines go to `metadata` when given: they are metadata, not text.
 */
export function filterParagraphs(paragraphs: string[], metadata?: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const para of paragraphs) {
    const lines = para.split('\n').filter((l) => {
      const rule = paragraphRule(l.trim());
      if (rule !== null && metadata && METADATA_RULES.has(rule)) metadata.push(l.trim());
      return rule === null;
    });
    const p = lines.join('\n').trim();
    if (!p) continue;
    if (p.length < 200) {
      if (seen.has(p)) continue;
      seen.add(p);
    }
    out.push(p);
  }
  // Short unpunctuated lines after the last sentence are headings of what follows the article (more
  // stories, a section menu), not text.
  while (out.length > 1 && isTrailingLabel(out[out.length - 1]!)) out.pop();
  return out;
}
