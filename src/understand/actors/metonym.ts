/** Words before a capital that make it the place ("in Damascus", "from Tehran"). */
const LOCATIVE = new Set([
  'in',
  'at',
  'to',
  'from',
  'near',
  'into',
  'outside',
  'around',
  'across',
  'via',
  'toward',
  'towards',
  'inside',
  'of',
  'on',
  'through',
  'between',
]);

/** Words after a capital that make it the state acting ("Tehran said", "Moscow has warned"). */
const STATE_VERBS = new Set(
  (
    'said says say told announced accused warned denied rejected insisted claimed urged called demanded wants ' +
    'want backed backs supports supported condemned responded blamed threatened agreed signed sent has have ' +
    'had will would is was are were could should may might must hopes hoped fears feared sees saw views viewed ' +
    'considers considered believes believed expects expected plans planned seeks sought refused refuses ' +
    'welcomed welcomes criticised criticized dismissed insists continues continued'
  ).split(/\s+/),
);
/** Words before a capital that make it a party rather than a location ("along with Moscow", "against Washington"). */
const PARTY_BEFORE = new Set(['with', 'against', 'by', 'upon']);

/**
 * Whether a capital (tokens start..end of its sentence) may stand for its state, for actor linking: anything
 * but a location after a locative word. "Shelled Juba" and "blockade Paris" name targets as well as places,
 * and event coding needs the target.
 */
export function capitalMayBeState(words: readonly string[], start: number): boolean {
  return !LOCATIVE.has((words[start - 1] ?? '').toLowerCase());
}

/**
 * Whether a capital certainly speaks or acts for its state, so it is not also a place: "Tehran said", "along
 * with Moscow", "Moscow's decision". "In Damascus", "Aleppo and Damascus" or a capital alone on a line are
 * places.
 */
export function capitalActs(words: readonly string[], start: number, end: number): boolean {
  if (!capitalMayBeState(words, start)) return false;
  const before = (words[start - 1] ?? '').toLowerCase();
  const next = (words[end] ?? '').toLowerCase();
  if (next === "'s" || next === '’s') {
    // "Moscow's refusal" is the state; "Beirut's southern suburbs" and "Moscow's Domodedovo Airport" are in
    // the city.
    const following = words.slice(end + 1, end + 5).map((w) => w.toLowerCase());
    return !following.some((w) => CITY_PARTS.has(w));
  }
  return STATE_VERBS.has(next) || PARTY_BEFORE.has(before) || ADDRESSED_BY.has(before);
}

/** Verbs whose object is a state addressed, not a place: "warned Washington", "accused Tehran". */
const ADDRESSED_BY = new Set(
  (
    'warned warns accused accuses urged urges criticised criticized condemned condemns blamed blames pressed ' +
    'presses told tells asked asks thanked thanks praised praises sanctioned threatened threatens rebuked ' +
    'reassured lobbied pressured informed notified'
  ).split(/\s+/),
);

/** Words after a capital's possessive that make it the city: its parts, places and people. */
const CITY_PARTS = new Set(
  (
    'suburb suburbs outskirts airport airports port harbour harbor streets street square district districts ' +
    'neighbourhood neighbourhoods neighborhood neighborhoods quarter quarters centre center downtown old ' +
    'mayor municipality residents inhabitants hospitals hospital university skyline river bay old-city ' +
    'camps camp outskirt environs metro subway buildings'
  ).split(/\s+/),
);
