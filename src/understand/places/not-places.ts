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

/**
 * Names the gazetteer carries that the text uses for something else: a news organisation, a ship, a
 * saint's church. Whatever the tagger made of them, they are not places of the story.
 */
export function notAPlace(t: Toponym, text: string): boolean {
  const key = placeKey(t.span.text);
  const after = text.slice(t.span.end, t.span.end + 30);
  const before = text.slice(Math.max(0, t.span.start - 30), t.span.start);
  if (NEWS_ORGANISATIONS.has(key)) return true;
  // A place's own paper ("a Cairo newspaper") is still the place: only an "Al-" name is the outlet itself.
  if (/^(?:al|el|an|ad|as)[-\s]/i.test(t.span.text) && MEDIA_AFTER.test(after)) return true;
  if (VESSEL_BEFORE.test(before)) return true;
  if (SAINTS_HOUSE.test(t.span.text) && /^['’]s\b/.test(after)) return true;
  return /['’]s$/.test(t.span.text) && SAINTS_HOUSE.test(t.span.text);
}
