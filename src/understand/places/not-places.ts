import { placeKey } from './normalise.js';
import type { Toponym } from './types.js';

/**
 * News organisations named like places: "Al-Ahram" is Cairo's daily, not Ahram in Iran; "Al Jazeera" is the
 * channel. By place key, so the Arabic article and its spellings ("Al-Ahram", "al Ahram", "Ahram") meet.
 */
const NEWS_ORGANISATIONS = new Set(
  [
    'Al-Ahram',
    'Al Jazeera',
    'Reuters',
    'Al Arabiya',
    'Haaretz',
    'An-Nahar',
    'Al-Manar',
    'Al-Mayadeen',
    'Al-Akhbar',
    'Al-Hayat',
    'Asharq Al-Awsat',
    'Al-Masry Al-Youm',
    'Al-Quds Al-Arabi',
    'Xinhua',
    'Interfax',
    'IRNA',
  ].map(placeKey),
);

/** "the Al-Ahram newspaper", "Al Arabiya television": a media noun after a name makes it the outlet. */
const MEDIA_AFTER =
  /^(?:['’]s)?\s+(?:newspaper|daily|weekly|magazine|television|TV|channel|radio|news agency|website)\b/i;
/** "the Iranian arms ship Monchegorsk", "the tanker Grace 1": a vessel noun before a name makes it the ship. */
const VESSEL_BEFORE =
  /\b(?:ship|vessel|tanker|freighter|frigate|destroyer|cruiser|carrier|warship|submarine|ferry|yacht|trawler|cargo boat|MV|M\/V)\s+(?:the\s+)?$/i;
/** "St. Mark's Cathedral", "St. Mary's": a saint's name in the possessive is a church, school or hospital. */
const SAINTS_HOUSE = /^(?:St\.?|Saint|San|Santa)\s+\S+(?:['’]s)?$/;
/** A saint's name as the Latin and Greek churches write it: "St. Peter", "Saint Paul". */
const SAINT = /^(?:St\.?|Saint)\s+\p{Lu}\p{Ll}+$/u;
/** "the church of St. Peter and St. Paul", "the Cathedral of Saint Mark": the saints a church is named for. */
const HOUSE_OF_SAINTS =
  /\b(?:church|cathedral|chapel|basilica|monastery|convent|abbey|parish|shrine|feast)\s+of\s+(?:(?:St\.?|Saint)\s+\p{Lu}\p{Ll}+\s+(?:and|&)\s+)?$/iu;
/** "Saint Peter and Saint Paul Coptic Orthodox Church", "St. Takla Church": the saints before the house's noun. */
const SAINTS_BEFORE_HOUSE =
  /^(?:\s+(?:and|&)\s+(?:St\.?|Saint)\s+\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+){0,3}\s+(?:Church|Cathedral|Chapel|Basilica|Monastery|Convent|Abbey|Parish)\b/u;

/**
 * A road's designation (issue 17): "U.S. Highway 82", "Illinois Route 159", "W.Va. 61", "KY 90", "Highway 1",
 * "I-95". The state or country opening it numbers the road and is no place of the story; the caller says
 * whether the name is one that numbers roads by itself ("W.Va. 61", "Texas 19": a US state or the country).
 */
const ROAD_WORD_AFTER =
  /^\s+(?:State\s+)?(?:Highway|Hwy\.?|Route|Rte\.?|Interstate|Road|Spur|Loop)\s+\d{1,4}[A-Z]?\b/;
const NUMBER_AFTER =
  /^\s+\d{1,3}[A-Z]?(?![\d,.:/]*\d)(?!\s*(?:%|percent|per\s|years?|months?|weeks?|days?|hours?|minutes?|people|times|[ap]\.?m\b))/i;
/** The whole span is a road's designation the tagger took for a place. */
const ROAD =
  /^(?:(?:U\.?S\.?|State|County|Interstate|Highway|Hwy\.?|Route|Rte\.?|I)[\s-]+)+\d{1,4}[A-Z]?(?:\s+(?:[NSEW]|North|South|East|West))?$/;

export function isRoad(t: Toponym, text: string, numbersRoads: boolean): boolean {
  if (ROAD.test(t.span.text)) return true;
  const after = text.slice(t.span.end, t.span.end + 30);
  // "Freestone County Road 360" runs in that county, which stays a place of the story.
  if (/\s(?:County|Parish)$/.test(t.span.text) && /^\s+Road\b/.test(after)) return false;
  return ROAD_WORD_AFTER.test(after) || (numbersRoads && NUMBER_AFTER.test(after));
}

/**
 * The last two Hijri months, "ذو القعدة" and "ذو الحجة" (and their "ذي" forms): their second word alone is a
 * place name the Arabic-script scan finds ("الحجة" is Hajjah, Yemen). After "ذو" or "ذي" it is the month.
 */
const HIJRI_MONTH_TAIL = /^(?:ال)?(?:حجة|حجه|قعدة|قعده)$/;
const HIJRI_MONTH_HEAD = /(?:^|[\s\u200c])(?:ذو|ذي|ذی)[\s\u200c]*(?:ال)?$/;

export function isHijriMonth(t: Toponym, text: string): boolean {
  const before = text.slice(Math.max(0, t.span.start - 6), t.span.start);
  const written = t.span.text.replace(/^(?:ال)/, '');
  if (!HIJRI_MONTH_TAIL.test(t.span.text) && !HIJRI_MONTH_TAIL.test(written)) return false;
  return HIJRI_MONTH_HEAD.test(before) || /^(?:ذو|ذي|ذی)/.test(t.span.text);
}

/**
 * Names the gazetteer carries that the text uses for something else: a news organisation, a ship, a
 * saint's church. Whatever the tagger made of them, they are not places of the story.
 */
export function notAPlace(t: Toponym, text: string): boolean {
  const key = placeKey(t.span.text);
  const after = text.slice(t.span.end, t.span.end + 30);
  const before = text.slice(Math.max(0, t.span.start - 60), t.span.start);
  if (NEWS_ORGANISATIONS.has(key)) return true;
  // A place's own paper ("a Cairo newspaper") is still the place: only an "Al-" name is the outlet itself.
  if (/^(?:al|el|an|ad|as)[-\s]/i.test(t.span.text) && MEDIA_AFTER.test(after)) return true;
  if (VESSEL_BEFORE.test(before)) return true;
  if (SAINTS_HOUSE.test(t.span.text) && /^['’]s\b/.test(after)) return true;
  // The saints a church is named for are not their namesake towns (St. Peter and St. Paul, Minnesota).
  if (
    SAINT.test(t.span.text) &&
    (HOUSE_OF_SAINTS.test(before) || SAINTS_BEFORE_HOUSE.test(text.slice(t.span.end, t.span.end + 90)))
  )
    return true;
  return /['’]s$/.test(t.span.text) && SAINTS_HOUSE.test(t.span.text);
}
