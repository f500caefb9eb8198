/**
 * Predicates and their arguments read from a Universal Dependencies (v2) parse of one sentence: who is the
 * subject, the object, the agent of a passive, which clause reports, denies, plans or conditions another.
 * Pure over the tree, so the rules can be tested on hand-written parses; the event coder (code.ts) turns
 * the argument tokens into actors and the trigger into a CAMEO code.
 */

/** One parsed sentence: per token its UPOS tag, its head (1-based, 0 for the root) and its relation. */
export interface DependencyTree {
  readonly upos: readonly string[];
  readonly heads: readonly number[];
  readonly deprels: readonly string[];
}

/** What a predicate says about its arguments, all as token indexes (0-based) of argument heads. */
export interface Predicate {
  index: number;
  /** An event noun ("strikes", "meeting") rather than a verb. */
  noun: boolean;
  /** Those who act: the subject, the agent of a passive, a noun's possessor or "by" phrase. */
  sources: number[];
  /**
   * Those acted upon, in groups best first (each group one argument with its conjuncts): the subject of a
   * passive, the object, the indirect object, the oblique the verb names.
   */
  targets: number[][];
  passive: boolean;
  negated: boolean;
  /** Planned, promised, wished or conditional, not done. */
  intended: boolean;
  /** The predicate's own auxiliary is will, would or shall. */
  future: boolean;
  /** The speakers ("X said", "according to X") the clause is reported by. */
  reporters: number[];
  /** "X said Y must …": the speaker's demand rather than Y's act. */
  obligation: boolean;
  /** The clause is an allegation or a topic ("accused Y of attacking"): its content is not coded. */
  alleged: boolean;
  /** The head of an "X plans to V" chain whose V is itself a predicate: the intention is coded on V. */
  governs: number[];
  /** For an event noun, the support verb that carries it ("launched strikes"); null otherwise. */
  support: number | null;
}

export const SPEECH_VERBS = new Set(
  [
    'say said says saying tell told tells telling announce announced announces announcing state stated',
    'states report reported reports reporting add added adds adding quote quoted quotes quoting',
    'confirm confirmed confirms write wrote writes insist insisted insists explain explained',
    'note noted notes tweet tweeted claim claimed claims believe believed believes think thinks thought',
    'ask asked asks warn warned warns argue argued argues',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Verbs that restate a position: the clause under them is the speaker's, reported like speech ("reiterated
 * that Libya must hand over…"). Unlike the speech verbs, their own object may still be an act ("reaffirmed
 * its support"), so they stay triggers.
 */
const RESTATING = new Set(
  'reiterate reiterated reiterates reaffirm reaffirmed reaffirms stress stressed stresses emphasize emphasized emphasizes emphasise emphasised emphasises repeat repeated repeats'.split(
    ' ',
  ),
);
/** Verbs whose clause is an allegation, an accusation or a topic, not an act the sentence reports. */
const ALLEGING = new Set(
  [
    'accuse accused accuses accusing allege alleged alleges alleging blame blamed blames blaming',
    'charge charged charges suspect suspected suspects condemn condemned condemns criticize criticized',
    'criticise criticised investigate investigated investigating deny denied denies denying',
  ]
    .join(' ')
    .split(' '),
);
/** Verbs that say the clause under them did not happen. */
const DENYING = new Set(
  'deny denied denies denying refuse refused refuses refusing reject rejected rejects fail failed fails'.split(
    ' ',
  ),
);
/** Verbs that make the clause under them planned, wished or promised. */
const INTENDING = new Set(
  [
    'plan plans planned planning intend intends intended intending aim aims aimed aiming seek seeks sought',
    'vow vows vowed pledge pledges pledged promise promises promised want wants wanted hope hopes hoped',
    'threaten threatens threatened plot plots plotted plotting expect expects expected prepare prepares',
    'prepared decide decides decided agree agrees agreed offer offers offered propose proposes proposed',
    'going wish wishes wished ready willing able',
  ]
    .join(' ')
    .split(' '),
);
/** Verbs whose object, not subject, does what their xcomp says: "encouraged him to conduct an attack". */
const OBJECT_CONTROL = new Set(
  [
    'encourage encouraged encourages urge urged urges ask asked asks order ordered orders force forced',
    'forces allow allowed allows persuade persuaded tell told tells invite invited invites help helped',
    'helps call called calls press pressed pressing push pushed pushing',
    // "sending forces to fight in Syria": those sent do what they are sent to do.
    'send sends sent sending deploy deploys deployed deploying dispatch dispatched dispatching',
  ]
    .join(' ')
    .split(' '),
);
/** Past forms of verbs of harm and capture that always take an object in the active voice. */
const HARM_VERBS = new Set(
  'killed wounded injured shot executed arrested detained captured abducted kidnapped assassinated'.split(
    ' ',
  ),
);
/** Relations a verb predicate may hold: the heads of clauses, not a verb form tagged inside a noun phrase. */
const CLAUSE_RELS = new Set(['root', 'ccomp', 'xcomp', 'advcl', 'conj', 'parataxis', 'acl', 'csubj', 'list']);
const FUTURE_AUX = new Set(['will', 'would', 'shall', "'ll", 'wo']);
const POSSIBILITY_AUX = new Set(['can', 'could', 'may', 'might', 'ca']);
const OBLIGATION_AUX = new Set(['must', 'should']);
const NEGATORS = new Set(['not', "n't", 'never', 'no']);
const RELATIVE_PRONOUNS = new Set(['who', 'which', 'that', 'whom']);
/** Prepositions whose oblique is acted upon: "met with X", "fired on X", "committed advisers to X". */
const TARGET_CASES = new Set(['with', 'on', 'upon', 'against', 'to', 'toward', 'towards', 'at', 'into']);
/** Clausal relations that start a new clause: the predicates under them have arguments of their own. */
const CLAUSAL = new Set(['ccomp', 'xcomp', 'advcl', 'parataxis', 'acl', 'csubj', 'conj', 'list']);

/** Event nouns that may be triggers, when their own phrase names who acts ("a PKK attack"). */
export const EVENT_NOUNS = new Set(
  [
    'attack attacks strike strikes airstrike airstrikes air-strike raid raids bombing bombings shelling',
    'invasion offensive assault meeting meetings talks visit targeting sanctions arrest arrests crackdown',
  ]
    .join(' ')
    .split(' '),
);

const base = (rel: string): string => rel.split(':')[0] ?? rel;

/** Verbs that take a gerund clause as their complement: "denied sending", "stopped firing", "began shelling". */
const GERUND_TAKING = new Set(
  [
    'deny denied denies denying admit admitted admits avoid avoided avoids stop stopped stops resume resumed',
    'resumes begin began begins start started starts continue continued continues consider considered',
    'refuse refused refuses risk risked',
  ]
    .join(' ')
    .split(' '),
);

/**
 * The tagger reads a gerund and its bare object as an adjective on a noun ("Iran has always denied sending
 * forces": "sending" an amod of "forces", "forces" the object of "denied"). Where a verb that takes gerund
 * complements has as object a bare noun (no determiner) right after such an "-ing" verb, the gerund is the
 * complement (xcomp) and the noun its object. Returns the tree unchanged where no such shape is found.
 */
export function repairGerunds(tree: DependencyTree, words: readonly string[]): DependencyTree {
  const heads = [...tree.heads];
  const deprels = [...tree.deprels];
  let changed = false;
  for (let g = 0; g < heads.length; g++) {
    const n = (heads[g] ?? 0) - 1;
    if (tree.upos[g] !== 'VERB' || !/ing$/.test(words[g] ?? '') || deprels[g] !== 'amod' || n !== g + 1)
      continue;
    const v = (heads[n] ?? 0) - 1;
    if (v < 0 || deprels[n] !== 'obj' || !GERUND_TAKING.has(words[v] ?? '')) continue;
    if (tree.heads.some((h, k) => h === n + 1 && tree.deprels[k] === 'det')) continue;
    heads[g] = v + 1;
    deprels[g] = 'xcomp';
    heads[n] = g + 1;
    changed = true;
  }
  return changed ? { upos: tree.upos, heads, deprels } : tree;
}

/**
 * The tagger reads a participle that modifies a conjoined noun as a verb conjoined with the noun before it,
 * its own noun as its object ("targeting government troops, allied Iranian forces and fighters": "allied" a
 * conjunct of "troops", "forces" its object). A past participle conjoined with a noun, with an object after
 * it and no subject or auxiliary of its own, is an adjective on that object, and the object is the conjunct;
 * so is one hung on the verb whose object list it continues after a comma.
 * Returns the tree unchanged where no such shape is found.
 */
export function repairParticipleConjuncts(tree: DependencyTree, words: readonly string[]): DependencyTree {
  const heads = [...tree.heads];
  const deprels = [...tree.deprels];
  let changed = false;
  for (let g = 0; g < heads.length; g++) {
    let n = (heads[g] ?? 0) - 1;
    if (tree.upos[g] !== 'VERB' || !/ed$/.test(words[g] ?? '') || n < 0) continue;
    // The same list hung on the verb: "targeting troops, allied forces", "allied" a clause of "targeting"
    // right after a comma that closes the verb's object.
    if (['advcl', 'conj'].includes(deprels[g] ?? '') && tree.upos[n] === 'VERB' && words[g - 1] === ',') {
      const first = heads.findIndex((h, k) => h === n + 1 && deprels[k] === 'obj' && k < g);
      if (first < 0) continue;
      n = first;
    } else if (deprels[g] !== 'conj') continue;
    if (!['NOUN', 'PROPN'].includes(tree.upos[n] ?? '')) continue;
    const kids = heads.map((h, k) => (h === g + 1 ? k : -1)).filter((k) => k >= 0);
    if (kids.some((k) => /^(nsubj|aux|mark)/.test(deprels[k] ?? ''))) continue;
    const o = kids.find((k) => deprels[k] === 'obj' && k > g);
    if (o === undefined || !['NOUN', 'PROPN'].includes(tree.upos[o] ?? '')) continue;
    if (heads.some((h, k) => h === o + 1 && deprels[k] === 'det')) continue;
    for (const k of kids) if (k !== o) heads[k] = o + 1;
    heads[o] = n + 1;
    deprels[o] = 'conj';
    heads[g] = o + 1;
    deprels[g] = 'amod';
    changed = true;
  }
  return changed ? { upos: tree.upos, heads, deprels } : tree;
}

/**
 * A speech verb with no subject, after a participle clause that has one, is the parser's reading of a
 * reduced relative as the speech's content: "The Red Cross operating in Iraq said US forces must…" parsed
 * with "Cross" the subject of "operating" and "operating" a complement of "said". The participle's subject
 * is the speaker, the participle a clause on it. Returns the tree unchanged where no such shape is found.
 */
export function repairReducedRelatives(tree: DependencyTree, words: readonly string[]): DependencyTree {
  const heads = [...tree.heads];
  const deprels = [...tree.deprels];
  let changed = false;
  for (let v = 0; v < heads.length; v++) {
    if (tree.upos[v] !== 'VERB' || !SPEECH_VERBS.has(words[v] ?? '')) continue;
    const kids = heads.map((h, k) => (h === v + 1 ? k : -1)).filter((k) => k >= 0);
    if (kids.some((k) => /^nsubj/.test(deprels[k] ?? ''))) continue;
    const c = kids.find(
      (k) => k < v && deprels[k] === 'ccomp' && tree.upos[k] === 'VERB' && /(?:ing|ed)$/.test(words[k] ?? ''),
    );
    if (c === undefined) continue;
    const subj = heads.findIndex((h, k) => h === c + 1 && deprels[k] === 'nsubj' && k < c);
    if (subj < 0 || heads.some((h, k) => h === c + 1 && /^(aux|mark|obj)/.test(deprels[k] ?? ''))) continue;
    heads[subj] = v + 1;
    deprels[subj] = 'nsubj';
    heads[c] = subj + 1;
    deprels[c] = 'acl';
    changed = true;
  }
  return changed ? { upos: tree.upos, heads, deprels } : tree;
}

/** Children lists and small queries over a tree; words are lower-cased forms with typographic apostrophes folded. */
export class Tree {
  readonly kids: number[][];
  constructor(
    readonly tree: DependencyTree,
    readonly words: readonly string[],
  ) {
    this.kids = tree.heads.map(() => []);
    tree.heads.forEach((h, i) => {
      if (h > 0) this.kids[h - 1]?.push(i);
    });
  }
  get size(): number {
    return this.tree.heads.length;
  }
  head(i: number): number {
    return (this.tree.heads[i] ?? 0) - 1;
  }
  rel(i: number): string {
    return this.tree.deprels[i] ?? '';
  }
  upos(i: number): string {
    return this.tree.upos[i] ?? '';
  }
  word(i: number): string {
    return this.words[i] ?? '';
  }
  children(i: number, ...rels: string[]): number[] {
    return (this.kids[i] ?? []).filter((k) => rels.includes(this.rel(k)) || rels.includes(base(this.rel(k))));
  }
  /** The words of a preposition or case marker attached to i ("according to", "with"). */
  caseOf(i: number): string {
    return this.children(i, 'case', 'mark')
      .map((k) => [k, ...this.children(k, 'fixed')].map((x) => this.word(x)).join(' '))
      .join(' ');
  }
  /** i and its conjuncts ("Iran and Syria", "troops, forces and fighters"). */
  withConjuncts(i: number): number[] {
    const out = [i];
    for (let k = 0; k < out.length; k++) {
      for (const c of this.children(out[k] ?? -1, 'conj')) if (!out.includes(c)) out.push(c);
    }
    return out;
  }
  /** Token indexes of the phrase headed by i without its clauses and conjuncts. */
  phrase(i: number): number[] {
    const out = [i];
    for (let k = 0; k < out.length; k++) {
      for (const c of this.kids[out[k] ?? -1] ?? []) {
        const r = base(this.rel(c));
        if (!CLAUSAL.has(r) && r !== 'cc' && r !== 'punct' && r !== 'parataxis') out.push(c);
      }
    }
    return out.sort((a, b) => a - b);
  }
  /** Tokens of the clause headed by i: its subtree without the clauses under it. */
  clause(i: number): Set<number> {
    const out = new Set([i]);
    const stack = [i];
    while (stack.length) {
      const x = stack.pop() as number;
      for (const c of this.kids[x] ?? []) {
        if (CLAUSAL.has(base(this.rel(c))) && base(this.rel(c)) !== 'xcomp') continue;
        out.add(c);
        stack.push(c);
      }
    }
    return out;
  }
  /** A passive: a passive auxiliary, or a passive subject and no object (a parse that says both is wrong once). */
  isPassive(i: number): boolean {
    if (this.children(i, 'aux:pass').length) return true;
    return this.children(i, 'nsubj:pass', 'csubj:pass').length > 0 && !this.children(i, 'obj').length;
  }
}

const isVerbal = (t: Tree, i: number): boolean => t.upos(i) === 'VERB';

/** Relations that make a verb the complement or conjunct of another predicate. */
const DEPENDENT_CLAUSE = new Set(['ccomp', 'xcomp', 'advcl', 'conj', 'parataxis', 'csubj']);

/**
 * Whether i can govern a clause: a verb or auxiliary, or a noun or adjective that is itself a predicate
 * (it has a copula or an auxiliary). A "verb" hung as the complement of a bare adjective or noun is the
 * tagger's mistake on a noun phrase ("Key US ally Israel": "ally" tagged VERB under "Key"), not a clause.
 */
function governsClauses(t: Tree, i: number): boolean {
  const u = t.upos(i);
  if (u === 'VERB' || u === 'AUX') return true;
  return t.children(i, 'cop', 'aux', 'aux:pass').length > 0;
}

/**
 * A bare past participle as a complement names a state, not an act of the one it is said of: "finds him
 * injured in a ditch", "left them stranded". Infinitives ("to attack") and participles with an object are
 * clauses.
 */
function resultState(t: Tree, p: number): boolean {
  return (
    t.rel(p) === 'xcomp' &&
    /(?:ed|en)$/.test(t.word(p)) &&
    !t.children(p, 'mark', 'aux', 'aux:pass', 'obj').length
  );
}

/**
 * A "subject" marked with the genitive 's: no clause's subject takes it, so the verb is a participle inside a
 * noun phrase the parser read as a clause ("Qatar's heavily criticized system": Qatar owns the system, it
 * did not criticise anything).
 */
function possessiveSubject(t: Tree, p: number): boolean {
  return t
    .children(p, 'nsubj')
    .some((s) => t.children(s, 'case').some((c) => t.word(c) === "'s" || t.word(c) === "'"));
}

/**
 * A subject tagged as an adjective with a clause under it is a noun phrase the parser broke ("Key US ally
 * Israel, Iran's arch-enemy, has launched…": "Key" the subject, "ally" a verb, "Israel" its object). English
 * noun phrases end in their head, so the subject is the last noun before the phrase's first comma.
 */
function brokenPhraseHead(t: Tree, s: number): number {
  if (t.upos(s) !== 'ADJ' || !t.children(s, 'ccomp', 'acl', 'xcomp').length) return s;
  let head = s;
  for (let k = s + 1; k < t.size && t.word(k) !== ',' && t.rel(k) !== 'punct'; k++) {
    let up = k;
    while (up >= 0 && up !== s) up = t.head(up);
    if (up !== s) break;
    if (t.upos(k) === 'PROPN' || t.upos(k) === 'NOUN') head = k;
  }
  return head;
}

/**
 * The subject of predicate p, following UD's conventions for the clauses that leave it unsaid: an xcomp's
 * controller ("Iran plans to strengthen", "encouraged him to conduct"), a conjunct's first conjunct ("shot
 * and killed"), a participle clause's main clause (", targeting troops"), a relative clause's antecedent
 * ("Hussain, who encouraged…"), a reduced relative's noun ("forces having entered Syria").
 */
function subjectOf(t: Tree, p: number, depth = 0): number[] {
  if (depth > 6) return [];
  const own = t.children(p, 'nsubj').map((x) => brokenPhraseHead(t, x));
  if (own.length) {
    // "the 28-year-old Marine killed last week in Afghanistan": a verb of harm that cannot go without its
    // object, found with none and no auxiliary, is a reduced passive; its "subject" is the victim.
    if (
      HARM_VERBS.has(t.word(p)) &&
      !t.children(p, 'obj', 'ccomp', 'xcomp', 'aux').length &&
      !t.children(p, 'obl').some((o) => TARGET_CASES.has(t.caseOf(o)))
    )
      return [];
    const s = own[0] as number;
    if (RELATIVE_PRONOUNS.has(t.word(s)) && t.rel(p) === 'acl:relcl') return [t.head(p)];
    // A clause has one subject. Two bare nouns are the parser's split of a title and its name ("Human
    // rights organization Amnesty International demanded"), both naming it; where one carries a preposition
    // ("action with Moscow after the government takes"), the phrases were misattached and the subject is
    // the one nearest the verb.
    if (own.length > 1 && own.some((x) => t.children(x, 'case').length))
      return [own.reduce((a, b) => (Math.abs(b - p) < Math.abs(a - p) ? b : a))];
    return own;
  }
  if (t.isPassive(p)) return [];
  const h = t.head(p);
  if (h < 0) return [];
  const rel = base(t.rel(p));
  if (rel === 'xcomp') {
    const obj = OBJECT_CONTROL.has(t.word(h)) ? t.children(h, 'obj', 'iobj') : [];
    return obj.length ? [obj[0] as number] : subjectOf(t, h, depth + 1);
  }
  if (rel === 'conj' && (isVerbal(t, h) || t.upos(h) === 'AUX')) return subjectOf(t, h, depth + 1);
  if (rel === 'advcl' && /ing$/.test(t.word(p)) && !t.children(p, 'mark').length)
    return subjectOf(t, h, depth + 1);
  // "Russia plans to send troops", mis-tagged as the noun "plans" with "Russia" its compound and the verb its
  // acl: the tagger's usual error on a headline-like clause.
  if (rel === 'acl' && INTENDING.has(t.word(h)) && t.rel(h) === 'root') {
    const subject = t.children(h, 'compound', 'nmod:poss').filter((c) => t.upos(c) === 'PROPN');
    if (subject.length) return subject;
  }
  // "forces having entered Syria"; "Israeli helicopters and tanks shelled positions", where an object shows
  // that the participle is the sentence's verb, not a passive modifier.
  if (
    rel === 'acl' &&
    !t.children(p, 'mark').length &&
    (/ing$/.test(t.word(p)) || t.children(p, 'obj').length)
  )
    return [h];
  return [];
}

/**
 * A participle before the noun it modifies is an adjective, not a clause: "alleged bombers", "proposed
 * changes", "occupying army". English clauses modifying a noun follow it; the tagger's VERB with relation acl
 * before its head and no arguments of its own is a word of the noun phrase.
 */
function prenominal(t: Tree, p: number): boolean {
  const h = t.head(p);
  return (
    base(t.rel(p)) === 'acl' &&
    h > p &&
    !t.children(p, 'nsubj', 'obj', 'iobj', 'obl', 'ccomp', 'xcomp', 'advcl', 'mark', 'aux').length
  );
}

/**
 * An infinitive modifying a noun says what the noun is for or about, not an act: "sending forces to fight
 * in Syria", "an invitation to attend a meeting". Except under a noun of intention that is the sentence's
 * root, the tagger's reading of a headline-like clause ("Russia plans to send troops"; see subjectOf).
 */
function infinitiveOfNoun(t: Tree, p: number): boolean {
  if (t.rel(p) !== 'acl' || !t.children(p, 'mark').some((m) => t.word(m) === 'to')) return false;
  const h = t.head(p);
  return !(INTENDING.has(t.word(h)) && t.rel(h) === 'root');
}

/** The agent of a passive: UD's obl:agent, or an oblique introduced by "by". */
function agentOf(t: Tree, p: number): number[] {
  const agent = t.children(p, 'obl:agent');
  if (agent.length) return agent;
  const by = t.children(p, 'obl').filter((o) => t.caseOf(o) === 'by');
  if (by.length) return by;
  // "signed in Damascus by Bagheri": a "by" phrase the parser hung on the oblique before it.
  for (const o of t.children(p, 'obl')) {
    const inner = t.children(o, 'nmod').filter((n) => t.caseOf(n) === 'by');
    if (inner.length) return inner;
  }
  return [];
}

/** Whether i (a clause head) or the verbs chained above it by xcomp/ccomp carry a given feature. */
interface Chain {
  negated: boolean;
  intended: boolean;
  reporters: number[];
  alleged: boolean;
  obligation: boolean;
}

/**
 * Walks up from p through the clauses that govern it: xcomp and ccomp chains carry negation ("denied that
 * it attacked", "did not criticise") and intention ("plans to strengthen", "will send"); a speech verb above
 * makes its subject the reporter ("X said Y attacked Z"), and stops the walk: what the speaker denies or
 * plans is the speaker's own act only when the speaker is the subject.
 */
function chain(t: Tree, p: number): Chain {
  const out: Chain = { negated: false, intended: false, reporters: [], alleged: false, obligation: false };
  const local = (i: number): void => {
    for (const a of t.children(i, 'aux')) {
      // "can only benefit Israel", "may halt mediation": possible, not done.
      if (FUTURE_AUX.has(t.word(a)) || POSSIBILITY_AUX.has(t.word(a))) out.intended = true;
      if (OBLIGATION_AUX.has(t.word(a))) out.obligation = true;
    }
    for (const a of t.children(i, 'advmod', 'neg', 'det')) if (NEGATORS.has(t.word(a))) out.negated = true;
    // "if they attack", "unless Iran withdraws": a condition, not an act.
    for (const m of t.children(i, 'mark')) if (['if', 'unless'].includes(t.word(m))) out.intended = true;
    for (const o of t.children(i, 'obl')) {
      if (/^according to$/.test(t.caseOf(o))) out.reporters.push(o);
    }
    for (const x of t.children(i, 'parataxis')) {
      if (SPEECH_VERBS.has(t.word(x)))
        out.reporters.push(...t.children(x, 'nsubj').flatMap((s) => t.withConjuncts(s)));
    }
  };
  local(p);
  let i = p;
  for (let depth = 0; depth < 8; depth++) {
    const rel = base(t.rel(i));
    const h = t.head(i);
    if (h < 0) break;
    if (rel === 'conj') {
      // A conjunct shares its first conjunct's frame: "planned to murder…, videotape… and then attack".
      i = h;
      local(i);
      continue;
    }
    if (rel === 'advcl' && /ing$/.test(t.word(i)) && !t.children(i, 'mark').length) {
      i = h;
      local(i);
      continue;
    }
    if (rel !== 'xcomp' && rel !== 'ccomp' && rel !== 'advcl' && rel !== 'acl') break;
    const w = t.word(h);
    if (SPEECH_VERBS.has(w) || (RESTATING.has(w) && rel === 'ccomp')) {
      if (rel === 'ccomp' || rel === 'xcomp') {
        out.reporters.push(...(speakerOf(t, h) ?? subjectOf(t, h)).flatMap((s) => t.withConjuncts(s)));
        // The speaker's own frame ("Prosecutors said …, according to …") still reports.
        for (const o of t.children(h, 'obl')) if (/^according to$/.test(t.caseOf(o))) out.reporters.push(o);
      }
      break;
    }
    if (ALLEGING.has(w) && !DENYING.has(w)) {
      out.alleged = true;
      break;
    }
    if (DENYING.has(w)) out.negated = true;
    if (INTENDING.has(w)) out.intended = true;
    if (rel === 'advcl' || rel === 'acl') break;
    i = h;
    local(i);
  }
  return out;
}

/**
 * The speaker of "saying" in "quoted X as saying …" ("King Hassan was quoted as saying he would…"): the
 * object of "quoted", or its passive subject; null for any other speech verb.
 */
function speakerOf(t: Tree, say: number): number[] | null {
  const q = t.head(say);
  if (q < 0 || !/^quot/.test(t.word(q)) || !t.children(say, 'mark').some((m) => t.word(m) === 'as'))
    return null;
  const who = t.children(q, 'obj', 'nsubj:pass');
  return who.length ? who : null;
}

/** The targets of a verb: object, indirect object, the oblique its preposition names, in that order. */
function objectsOf(t: Tree, p: number): number[] {
  const out: number[] = [];
  if (t.isPassive(p)) out.push(...t.children(p, 'nsubj:pass'));
  // "the deal being signed by …", "a base attacked by …": a passive participle's noun is its patient.
  if (
    base(t.rel(p)) === 'acl' &&
    !t.children(p, 'obj').length &&
    (t.isPassive(p) || /(?:ed|en)$/.test(t.word(p)))
  )
    out.push(t.head(p));
  out.push(...t.children(p, 'obj'), ...t.children(p, 'iobj'));
  // "rejected calls by Belarus's rulers", the "by" phrase hung on the verb: an active verb with its own
  // subject has no agent phrase, so "by" names who made what it acts on.
  if (!t.isPassive(p) && t.children(p, 'nsubj').length && t.children(p, 'obj').length) {
    out.push(...t.children(p, 'obl').filter((o) => t.caseOf(o) === 'by'));
  }
  for (const o of t.children(p, 'obl')) {
    if (t.rel(o) === 'obl:agent' || t.rel(o) === 'obl:tmod' || t.rel(o) === 'obl:npmod') continue;
    const c = t.caseOf(o);
    if (TARGET_CASES.has(c)) out.push(o);
  }
  // "demanded that the Sudanese government end …", "urged that Iran stop": without an object, the one a
  // demand or accusation is about is the subject of the clause it governs.
  if (!out.length) {
    for (const c of t.children(p, 'ccomp')) out.push(...t.children(c, 'nsubj'));
  }
  return out;
}

/**
 * Verbs that only carry an event noun in their object ("launched strikes", "carried out an attack", "held
 * talks"): the act is the noun's, its actor the verb's subject.
 */
const SUPPORT_VERBS = new Set(
  [
    'launch launched launches launching conduct conducted conducts conducting carry carried carries carrying',
    'stage staged stages staging mount mounted mounts mounting hold held holds holding have has had',
    'resume resumed resumes intensify intensified intensifies step stepped escalate escalated',
    'begin began begun begins start started starts continue continued continues unleash unleashed',
  ]
    .join(' ')
    .split(' '),
);
/** Nouns of number or sequence whose "of" phrase holds the real object ("hundreds of strikes"). */
const QUANTITY_NOUNS = new Set(
  'hundreds dozens thousands scores series wave waves string spate number round rounds barrage flurry'.split(
    ' ',
  ),
);

/**
 * The support verb carrying event noun n, if any: n is the verb's object, or the "of" phrase of a quantity
 * noun that is ("launched hundreds of strikes").
 */
function supportVerb(t: Tree, n: number): number | null {
  let obj = n;
  if (base(t.rel(n)) === 'nmod' && t.caseOf(n) === 'of' && QUANTITY_NOUNS.has(t.word(t.head(n))))
    obj = t.head(n);
  if (t.rel(obj) !== 'obj') return null;
  const v = t.head(obj);
  return v >= 0 && t.upos(v) === 'VERB' && SUPPORT_VERBS.has(t.word(v)) ? v : null;
}

/** Arguments of an event noun: who acts ("PKK attack", "Trump's meeting", "targeting … by Russian aircraft"). */
function nounArguments(t: Tree, n: number): { sources: number[]; targets: number[]; support: number | null } {
  const sources: number[] = [
    ...t.children(n, 'nmod:poss'),
    ...t.children(n, 'compound').filter((c) => t.upos(c) === 'PROPN'),
    ...t.children(n, 'amod'),
    ...t.children(n, 'nmod').filter((c) => t.caseOf(c) === 'by'),
  ];
  const targets = t
    .children(n, 'nmod')
    .filter((c) => ['on', 'against', 'with', 'of', 'to'].includes(t.caseOf(c)));
  const support = sources.length ? null : supportVerb(t, n);
  if (support !== null) {
    sources.push(...(t.isPassive(support) ? agentOf(t, support) : subjectOf(t, support)));
    // "launched strikes on Gaza", "carried out attacks against troops": the verb's own target oblique.
    if (!targets.length) {
      targets.push(
        ...t.children(support, 'obl').filter((o) => ['on', 'against', 'at'].includes(t.caseOf(o))),
      );
    }
  }
  return { sources, targets, support };
}

/**
 * Every predicate of the sentence with its arguments. A verb qualifies unless it is a preposition in
 * disguise ("according to"), an adjective ("armed forces") or part of a compound; an event noun qualifies
 * only when its own phrase names an actor who acts.
 */
export function predicates(
  tree: DependencyTree,
  words: readonly string[],
  original: readonly string[],
): Predicate[] {
  const t = new Tree(tree, words);
  const out: Predicate[] = [];
  for (let p = 0; p < t.size; p++) {
    const rel = base(t.rel(p));
    if (
      t.upos(p) === 'VERB' &&
      CLAUSE_RELS.has(rel) &&
      !(DEPENDENT_CLAUSE.has(rel) && !governsClauses(t, t.head(p))) &&
      !possessiveSubject(t, p) &&
      !resultState(t, p) &&
      !prenominal(t, p) &&
      !infinitiveOfNoun(t, p)
    ) {
      const c = chain(t, p);
      const passive = t.isPassive(p);
      const sources = passive ? agentOf(t, p) : subjectOf(t, p);
      // "The Hamas threatened Monday to resume attacks": with a bare noun read as the object, the parser
      // hangs the "to" clause of a verb of intention as an advcl of purpose; it is the verb's complement.
      const governs = [
        ...t.children(p, 'xcomp'),
        ...(INTENDING.has(t.word(p))
          ? t.children(p, 'advcl').filter((a) => t.children(a, 'mark').some((m) => t.word(m) === 'to'))
          : []),
      ].filter((x) => t.upos(x) === 'VERB');
      out.push({
        index: p,
        noun: false,
        sources: sources.flatMap((s) => t.withConjuncts(s)),
        targets: objectsOf(t, p).map((o) => t.withConjuncts(o)),
        passive,
        negated: c.negated,
        intended: c.intended,
        future: t.children(p, 'aux').some((a) => FUTURE_AUX.has(t.word(a))),
        reporters: c.reporters,
        obligation: c.obligation,
        alleged: c.alleged,
        governs,
        support: null,
      });
    } else if (t.upos(p) === 'NOUN' && EVENT_NOUNS.has(t.word(p))) {
      const args = nounArguments(t, p);
      const { sources } = args;
      if (!sources.length) continue;
      // "Trump's meeting with the Turkish president": capitalised amod/compound only (original casing).
      const real = sources.filter(
        (s) => t.rel(s) !== 'amod' || t.head(s) !== p || /^\p{Lu}/u.test(original[s] ?? ''),
      );
      if (!real.length) continue;
      // A carried noun takes its support verb's frame: "Israel denied it had launched strikes".
      const c = chain(t, args.support ?? p);
      out.push({
        index: p,
        noun: true,
        sources: real.flatMap((s) => t.withConjuncts(s)),
        targets: args.targets.map((o) => t.withConjuncts(o)),
        passive: false,
        negated: c.negated,
        intended: c.intended,
        future: false,
        reporters: c.reporters,
        obligation: false,
        alleged: c.alleged,
        governs: [],
        support: args.support,
      });
    }
  }
  return out;
}
