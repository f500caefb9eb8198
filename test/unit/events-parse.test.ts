import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { extractClaims } from '../../src/understand/claims.js';
import { predicates } from '../../src/understand/events/clauses.js';
import { codeEvents, datelineLength } from '../../src/understand/events/code.js';
import { Codebook } from '../../src/understand/events/codebook.js';
import { EventDictionary } from '../../src/understand/events/dictionary.js';
import { extractQuotes, speakerToken } from '../../src/understand/quotes.js';
import type { CameoEntry, EventDictionaryFile } from '../../src/understand/events/dictionary-file.js';
import type {
  ActorMention,
  AnalysisActor,
  CodedEvent,
  Quote,
  SentenceSyntax,
  Token,
} from '../../src/understand/types.js';

const root = packageRoot();
const res = {
  dictionary: new EventDictionary(
    JSON.parse(readFileSync(join(root, 'data/events/verbs.json'), 'utf8')) as EventDictionaryFile,
  ),
  codebook: new Codebook(
    JSON.parse(readFileSync(join(root, 'data/events/cameo-plover.json'), 'utf8')) as Record<
      string,
      CameoEntry
    >,
  ),
};

/**
 * A hand-written parse, one token per item as `word/UPOS/head/relation` (heads 1-based, 0 the root, as in
 * CoNLL-U), and the actors of the sentence by word: `{ Israel: 'ISR' }` (an empty code is a private person,
 * "-MIL" a bare sector code without a country).
 */
function code(
  spec: string,
  named: Record<string, string>,
  opts: { quoteSpeaker?: string } = {},
): { events: CodedEvent[]; who: (ids: readonly string[]) => string[] } {
  const items = spec.split(' ').map((x) => x.split('/'));
  const syntax: SentenceSyntax = { upos: [], heads: [], deprels: [] };
  const tokens: Token[] = [];
  let text = '';
  for (const [word = '', upos = '', head = '', rel = ''] of items) {
    if (text) text += ' ';
    tokens.push({ text: word, start: text.length, end: text.length + word.length, sentence: 0 });
    text += word;
    syntax.upos.push(upos);
    syntax.heads.push(Number(head));
    syntax.deprels.push(rel);
  }
  const actors: AnalysisActor[] = [];
  const mentions: ActorMention[] = [];
  const span = (t: Token) => ({ sentence: 0, start: t.start, end: t.end, text: t.text });
  for (const tok of tokens) {
    const c = named[tok.text];
    if (c === undefined) continue;
    let actor = actors.find((a) => a.name === tok.text);
    if (!actor) {
      actor = {
        id: `a${actors.length + 1}`,
        actorId: `test:${tok.text}`,
        name: tok.text,
        kind: c.length === 3 ? 'country' : 'person',
        // "-MIL": a bare sector code, with no country.
        codes: c ? [c.replace(/^-/, '')] : [],
        country: c && !c.startsWith('-') ? c.slice(0, 3) : null,
        role: null,
        discovered: false,
        mentions: [],
        confidence: 1,
      };
      actors.push(actor);
    }
    mentions.push({
      id: `m${mentions.length + 1}`,
      actor: actor.id,
      span: span(tok),
      entity: null,
      via: 'name',
      confidence: 1,
    });
  }
  const quotes: Quote[] = [];
  const open = tokens.findIndex((t) => t.text === '“');
  const close = tokens.findIndex((t) => t.text === '”');
  if (opts.quoteSpeaker && open >= 0 && close > open) {
    const a = tokens[open] as Token;
    const b = tokens[close] as Token;
    quotes.push({
      id: 'q1',
      text: text.slice(a.end + 1, b.start - 1),
      span: { sentence: 0, start: a.start, end: b.end, text: text.slice(a.start, b.end) },
      speaker: actors.find((x) => x.name === opts.quoteSpeaker)?.id ?? null,
      speakerSpan: null,
      cue: 'quoted',
      partial: false,
      confidence: 1,
    });
  }
  const events = codeEvents(
    {
      text,
      sentences: [{ index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false }],
      tokens: [tokens],
      syntax: [syntax],
      actors,
      actorMentions: mentions,
      places: [],
      dates: [],
      quotes,
      publishedAt: '2020-07-08',
    },
    res,
  );
  const who = (ids: readonly string[]) => ids.map((id) => actors.find((a) => a.id === id)?.name ?? id);
  return { events, who };
}

describe('events from the parse', () => {
  it('reads subject and object', () => {
    const { events, who } = code(
      'Israel/PROPN/2/nsubj attacked/VERB/0/root Syria/PROPN/2/obj ./PUNCT/2/punct',
      { Israel: 'ISR', Syria: 'SYR' },
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ASSAULT');
    expect(who(events[0]!.sources)).toEqual(['Israel']);
    expect(who(events[0]!.targets)).toEqual(['Syria']);
  });

  it('reads the agent of a passive as the source and its subject as the target', () => {
    const { events, who } = code(
      'Syria/PROPN/3/nsubj:pass was/AUX/3/aux:pass attacked/VERB/0/root by/ADP/5/case Israel/PROPN/3/obl:agent ./PUNCT/3/punct',
      { Israel: 'ISR', Syria: 'SYR' },
    );
    expect(who(events[0]!.sources)).toEqual(['Israel']);
    expect(who(events[0]!.targets)).toEqual(['Syria']);
  });

  it('codes nothing for a passive without an agent', () => {
    const { events } = code(
      'Syria/PROPN/3/nsubj:pass was/AUX/3/aux:pass attacked/VERB/0/root ./PUNCT/3/punct',
      { Syria: 'SYR' },
    );
    expect(events).toEqual([]);
  });

  it('spreads coordination to every conjunct, subjects, objects and verbs', () => {
    const { events, who } = code(
      'Iran/PROPN/4/nsubj and/CCONJ/3/cc Russia/PROPN/1/conj attacked/VERB/0/root Turkey/PROPN/4/obj and/CCONJ/7/cc Iraq/PROPN/5/conj ./PUNCT/4/punct',
      { Iran: 'IRN', Russia: 'RUS', Turkey: 'TUR', Iraq: 'IRQ' },
    );
    expect(who(events[0]!.sources)).toEqual(['Iran', 'Russia']);
    expect(who(events[0]!.targets)).toEqual(['Turkey', 'Iraq']);
    const verbs = code(
      'Police/NOUN/2/nsubj shot/VERB/0/root and/CCONJ/4/cc arrested/VERB/2/conj Ali/PROPN/2/obj ./PUNCT/2/punct',
      { Police: 'USACOP', Ali: '' },
    );
    expect(verbs.events.map((e) => e.type).sort()).toEqual(['ASSAULT', 'COERCE']);
  });

  it('gives reported speech to the reported actors, the speaker as reportedBy', () => {
    const { events, who } = code(
      'Turkey/PROPN/2/nsubj said/VERB/0/root Iran/PROPN/4/nsubj attacked/VERB/2/ccomp Iraq/PROPN/4/obj ./PUNCT/2/punct',
      { Turkey: 'TUR', Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(events).toHaveLength(1);
    expect(who(events[0]!.sources)).toEqual(['Iran']);
    expect(who(events[0]!.targets)).toEqual(['Iraq']);
    expect(who([events[0]!.reportedBy!])).toEqual(['Turkey']);
    const final = code(
      'Iran/PROPN/2/nsubj attacked/VERB/0/root Iraq/PROPN/2/obj ,/PUNCT/6/punct Turkey/PROPN/6/nsubj said/VERB/2/parataxis ./PUNCT/2/punct',
      { Turkey: 'TUR', Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(final.who([final.events[0]!.reportedBy!])).toEqual(['Turkey']);
  });

  it('takes "according to X" as the reporter, never a target', () => {
    const { events, who } = code(
      'Israel/PROPN/2/nsubj attacked/VERB/0/root Syria/PROPN/2/obj ,/PUNCT/7/punct according/VERB/7/case to/ADP/5/fixed Iran/PROPN/2/obl ./PUNCT/2/punct',
      { Israel: 'ISR', Syria: 'SYR', Iran: 'IRN' },
    );
    expect(events).toHaveLength(1);
    expect(who(events[0]!.targets)).toEqual(['Syria']);
    expect(who([events[0]!.reportedBy!])).toEqual(['Iran']);
  });

  it('marks negation and denial', () => {
    const denied = code(
      'Iran/PROPN/2/nsubj denied/VERB/0/root attacking/VERB/2/xcomp Iraq/PROPN/3/obj ./PUNCT/2/punct',
      { Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(denied.events).toHaveLength(1);
    expect(denied.events[0]?.type).toBe('ASSAULT');
    expect(denied.events[0]?.negated).toBe(true);
    const not = code(
      'Iran/PROPN/4/nsubj did/AUX/4/aux not/PART/4/advmod attack/VERB/0/root Iraq/PROPN/4/obj ./PUNCT/4/punct',
      { Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(not.events[0]?.negated).toBe(true);
  });

  it('codes an intention on the verb it governs, with its subject', () => {
    const { events, who } = code(
      'Iran/PROPN/2/nsubj plans/VERB/0/root to/PART/4/mark attack/VERB/2/xcomp Iraq/PROPN/4/obj ./PUNCT/2/punct',
      { Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ASSAULT');
    expect(events[0]?.intended).toBe(true);
    expect(who(events[0]!.sources)).toEqual(['Iran']);
  });

  it('codes no accident, disaster or death', () => {
    expect(
      code(
        'A/DET/3/det gas/NOUN/3/compound explosion/NOUN/4/nsubj killed/VERB/0/root two/NUM/6/nummod people/NOUN/4/obj in/ADP/8/case Shiraz/PROPN/4/obl ./PUNCT/4/punct',
        { Shiraz: 'IRN' },
      ).events,
    ).toEqual([]);
    expect(
      code('Ali/PROPN/2/nsubj died/VERB/0/root in/ADP/4/case Iran/PROPN/2/obl ./PUNCT/2/punct', {
        Ali: 'IRN',
        Iran: 'IRN',
      }).events,
    ).toEqual([]);
    expect(
      code('An/DET/2/det earthquake/NOUN/3/nsubj struck/VERB/0/root Iran/PROPN/3/obj ./PUNCT/3/punct', {
        Iran: 'IRN',
      }).events,
    ).toEqual([]);
  });

  it('codes no crime among private persons', () => {
    expect(
      code('Smith/PROPN/2/nsubj attacked/VERB/0/root Jones/PROPN/2/obj ./PUNCT/2/punct', {
        Smith: '',
        Jones: '',
      }).events,
    ).toEqual([]);
  });

  it('never takes a dateline or a news agency for an actor', () => {
    expect(datelineLength('LONDON (Reuters) - A gas explosion killed two.')).toBe(18);
    expect(datelineLength('Iran said so.')).toBe(0);
    const { events } = code(
      'LONDON/PROPN/7/nsubj (/PUNCT/3/punct Reuters/PROPN/1/appos )/PUNCT/3/punct -/PUNCT/1/punct Gunmen/NOUN/7/nsubj attacked/VERB/0/root Iran/PROPN/7/obj ./PUNCT/7/punct',
      { LONDON: 'GBR', Reuters: '', Iran: 'IRN' },
    );
    expect(events).toEqual([]);
  });

  it("gives a first-person quote its speaker's actor", () => {
    const { events, who } = code(
      '“/PUNCT/4/punct We/PRON/4/nsubj will/AUX/4/aux attack/VERB/0/root Iraq/PROPN/4/obj ,/PUNCT/4/punct ”/PUNCT/4/punct the/DET/9/det broadcaster/NOUN/10/nsubj quoted/VERB/4/parataxis Bagheri/PROPN/10/obj as/SCONJ/13/mark saying/VERB/10/advcl',
      { Bagheri: 'IRNMIL', Iraq: 'IRQ' },
      { quoteSpeaker: 'Bagheri' },
    );
    expect(events).toHaveLength(1);
    expect(who(events[0]!.sources)).toEqual(['Bagheri']);
    expect(events[0]?.intended).toBe(true);
  });

  it('reads an event noun only when its phrase names who acts', () => {
    const words = 'a PKK attack'.split(' ');
    const tree = { upos: ['DET', 'PROPN', 'NOUN'], heads: [3, 3, 0], deprels: ['det', 'compound', 'root'] };
    expect(
      predicates(
        tree,
        words.map((w) => w.toLowerCase()),
        words,
      ),
    ).toHaveLength(1);
    const bare = { upos: ['DET', 'ADJ', 'NOUN'], heads: [3, 3, 0], deprels: ['det', 'amod', 'root'] };
    expect(predicates(bare, ['the', 'deadly', 'attack'], ['the', 'deadly', 'attack'])).toHaveLength(0);
  });

  it('codes an event noun carried by a support verb once, with the verb subject as its source', () => {
    const held = code(
      'Israel/PROPN/2/nsubj mounted/VERB/0/root raids/NOUN/2/obj against/ADP/5/case Hezbollah/PROPN/2/obl ./PUNCT/2/punct',
      { Israel: 'ISR', Hezbollah: 'LBNREBHZB' },
    );
    expect(
      held.events.map((e) => [e.type, held.who(e.sources), held.who(e.targets), e.trigger.text]),
    ).toEqual([['ASSAULT', ['Israel'], ['Hezbollah'], 'raids']]);
    const { events, who } = code(
      'Israel/PROPN/3/nsubj has/AUX/3/aux launched/VERB/0/root hundreds/NOUN/3/obj of/ADP/6/case ' +
        'strikes/NOUN/4/nmod on/ADP/8/case Hezbollah/PROPN/3/obl ./PUNCT/3/punct',
      { Israel: 'ISR', Hezbollah: 'LBNREBHZB' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets), e.trigger.text])).toEqual([
      // The dictionary's own pattern for the verb ("launch … strikes") names the act: one event.
      ['ASSAULT', ['Israel'], ['Hezbollah'], 'launched hundreds of strikes'],
    ]);
    // The same noun without a support verb names nobody who acts: no event.
    const none = code('hundreds/NOUN/0/root of/ADP/3/case strikes/NOUN/1/nmod ./PUNCT/1/punct', {});
    expect(none.events).toEqual([]);
  });

  it("keeps a support verb's own dictionary pattern over the noun it carries", () => {
    const { events } = code(
      'Algerian/ADJ/2/amod landowners/NOUN/3/nsubj began/VERB/0/root a/DET/6/det hunger/NOUN/6/compound ' +
        'strike/NOUN/3/obj outside/ADP/8/case Parliament/PROPN/3/obl ./PUNCT/3/punct',
      { Algerian: 'DZA', Parliament: 'DZALEG' },
    );
    expect(events.map((e) => e.type)).toEqual(['PROTEST']);
  });

  it('takes no verb hung under a bare adjective or noun for a clause (a mis-tagged noun phrase)', () => {
    // "Key US ally Israel, …": the tagger's VERB "ally" under the adjective "Key" is no SUPPORT act.
    const spec = 'Key/ADJ/0/root US/PROPN/3/nsubj ally/VERB/1/ccomp Israel/PROPN/3/obj ./PUNCT/1/punct';
    expect(code(spec, { US: 'USA', Israel: 'ISR' }).events).toEqual([]);
    // The same verb under a copular predicate is a clause.
    const words = ['it', 'is', 'clear', 'allies', 'back', 'Israel'];
    const tree = {
      upos: ['PRON', 'AUX', 'ADJ', 'NOUN', 'VERB', 'PROPN'],
      heads: [3, 3, 0, 5, 3, 5],
      deprels: ['nsubj', 'cop', 'root', 'nsubj', 'ccomp', 'obj'],
    };
    expect(
      predicates(
        tree,
        words.map((w) => w.toLowerCase()),
        words,
      ).map((p) => p.index),
    ).toEqual([4]);
  });

  it('codes a bare frame verb (plan, prepare, try) never by itself, only the act it frames', () => {
    // "Ottawa planned to put forward an idea": the plan is no AGREE (CAMEO files "plan" under 030).
    const plan = code(
      'Canada/PROPN/2/nsubj planned/VERB/0/root to/PART/4/mark propose/VERB/2/xcomp an/DET/6/det idea/NOUN/4/obj ./PUNCT/2/punct',
      { Canada: 'CAN' },
    );
    expect(plan.events.map((e) => e.trigger.text)).not.toContain('planned');
    const prepared = code('Macedonia/PROPN/2/nsubj prepared/VERB/0/root ./PUNCT/2/punct', {
      Macedonia: 'MKD',
    });
    expect(prepared.events).toEqual([]);
    // A statement of commitment is an act of its own: "promised aid to Mozambique".
    const promised = code(
      'Britain/PROPN/2/nsubj promised/VERB/0/root military/ADJ/4/amod aid/NOUN/2/obj to/ADP/6/case Mozambique/PROPN/2/obl ./PUNCT/2/punct',
      { Britain: 'GBR', Mozambique: 'MOZ' },
    );
    expect(promised.events.map((e) => e.type)).toEqual(['AGREE']);
  });

  it('takes no participle whose "subject" carries a genitive for a clause', () => {
    // "Qatar's heavily criticized system": Qatar owns the system, it criticised nothing.
    const { events } = code(
      "remove/VERB/0/root Qatar/PROPN/5/nsubj 's/PART/2/case heavily/ADV/5/advmod criticized/VERB/1/ccomp system/NOUN/5/obj ./PUNCT/1/punct",
      { Qatar: 'QAT' },
    );
    expect(events).toEqual([]);
    const plain = code(
      'Qatar/PROPN/3/nsubj heavily/ADV/3/advmod criticized/VERB/0/root Egypt/PROPN/3/obj ./PUNCT/3/punct',
      { Qatar: 'QAT', Egypt: 'EGY' },
    );
    expect(plain.events.map((e) => e.type)).toEqual(['ACCUSE']);
  });

  it('codes no consultation without its second party', () => {
    const alone = code('Assad/PROPN/2/nsubj met/VERB/0/root reporters/NOUN/2/obj ./PUNCT/2/punct', {
      Assad: 'SYRGOV',
    });
    expect(alone.events).toEqual([]);
    const met = code('Assad/PROPN/2/nsubj met/VERB/0/root Putin/PROPN/2/obj ./PUNCT/2/punct', {
      Assad: 'SYRGOV',
      Putin: 'RUSGOV',
    });
    expect(met.events.map((e) => [e.type, met.who(e.targets)])).toEqual([['CONSULT', ['Putin']]]);
  });

  it("names an argument's actor by its nationality adjective before its prepositional phrases", () => {
    // "Russian aircraft with weapons in Syria bombed hospitals": the aircraft are Russia's.
    const { events, who } = code(
      'Russian/ADJ/2/amod aircraft/NOUN/5/nsubj in/ADP/4/case Syria/PROPN/2/nmod bombed/VERB/0/root ./PUNCT/5/punct',
      { Russian: 'RUS', Syria: 'SYR' },
    );
    expect(events.map((e) => who(e.sources))).toEqual([['Russian']]);
  });

  it("matches a verb's pattern on the complementiser of its clause", () => {
    // "agreed on Wednesday that their countries should cooperate": "agree * THAT" is AGREE (030), while
    // PETRARCH's bare "agree" (050) is SUPPORT.
    const { events } = code(
      'Hungary/PROPN/2/nsubj agreed/VERB/0/root on/ADP/4/case Wednesday/PROPN/2/obl that/SCONJ/7/mark they/PRON/7/nsubj cooperate/VERB/2/ccomp with/ADP/9/case Romania/PROPN/7/obl ./PUNCT/2/punct',
      { Hungary: 'HUN', Romania: 'ROU' },
    );
    expect(events.find((e) => e.trigger.text.startsWith('agreed'))?.cameo).toBe('030');
  });

  it('codes a light verb (give, take) only through a pattern that names its object', () => {
    // "gave a warm welcome to de Klerk" is no cooperation (give → 060), "has taken steps" no seizure.
    const gave = code(
      'Mitterrand/PROPN/2/nsubj gave/VERB/0/root a/DET/5/det warm/ADJ/5/amod welcome/NOUN/2/obj to/ADP/7/case Klerk/PROPN/2/obl ./PUNCT/2/punct',
      { Mitterrand: 'FRAGOV', Klerk: 'ZAFGOV' },
    );
    expect(gave.events.map((e) => e.trigger.text)).not.toContain('gave');
    const taken = code(
      'Bashir/PROPN/3/nsubj has/AUX/3/aux taken/VERB/0/root steps/NOUN/3/obj ./PUNCT/3/punct',
      { Bashir: 'SDNGOV' },
    );
    expect(taken.events).toEqual([]);
  });

  it('codes a rejection whatever is rejected (the supplement gives "reject" its default)', () => {
    const { events, who } = code(
      'Rebels/NOUN/3/nsubj again/ADV/3/advmod rejected/VERB/0/root a/DET/6/det Senegalese/ADJ/6/amod plan/NOUN/3/obj ./PUNCT/3/punct',
      { Rebels: 'CIVREB', Senegalese: 'SEN' },
    );
    expect(events.map((e) => [e.type, who(e.sources)])).toEqual([['REJECT', ['Rebels']]]);
  });

  it('codes a refusal as the REJECT, aimed at whom the refused act would reach, and not the act', () => {
    // "the Israeli government is refusing to lift the curfew on Palestinians"
    const { events, who } = code(
      'Israel/PROPN/3/nsubj is/AUX/3/aux refusing/VERB/0/root to/PART/5/mark lift/VERB/3/xcomp the/DET/7/det curfew/NOUN/5/obj on/ADP/9/case Palestinians/PROPN/5/obl ./PUNCT/3/punct',
      { Israel: 'ISR', Palestinians: 'PSE' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets), e.negated])).toEqual([
      ['REJECT', ['Israel'], ['Palestinians'], false],
    ]);
    // A denial is not a refusal: the denied act is coded, negated.
    const denied = code(
      'Iran/PROPN/2/nsubj denied/VERB/0/root attacking/VERB/2/xcomp Iraq/PROPN/3/obj ./PUNCT/2/punct',
      { Iran: 'IRN', Iraq: 'IRQ' },
    );
    expect(denied.events.map((e) => [e.type, e.negated])).toEqual([['ASSAULT', true]]);
  });

  it('names the state of the people an act strikes by their nationality adjective, only as its target', () => {
    const { events, who } = code(
      'Israeli/ADJ/2/amod soldiers/NOUN/3/nsubj beat/VERB/0/root Palestinian/ADJ/5/amod detainees/NOUN/3/obj ./PUNCT/3/punct',
      { Israeli: 'ISR', Palestinian: 'PSE' },
    );
    expect(events.map((e) => [who(e.sources), who(e.targets)])).toEqual([[['Israeli'], ['Palestinian']]]);
    // "Canadian tourists attacked …": tourists do not act for Canada.
    const tourists = code(
      'Canadian/ADJ/2/amod tourists/NOUN/3/nsubj attacked/VERB/0/root Iran/PROPN/3/obj ./PUNCT/3/punct',
      { Canadian: 'CAN', Iran: 'IRN' },
    );
    expect(tourists.events.map((e) => who(e.sources))).toEqual([]);
  });

  it('takes every subject of a clause the parser split in two (a title and its name)', () => {
    const { events, who } = code(
      'rights/NOUN/2/compound organization/NOUN/5/nsubj Amnesty/PROPN/4/compound International/PROPN/5/nsubj demanded/VERB/0/root elections/NOUN/5/obj ./PUNCT/5/punct',
      { International: 'NGOHRIAMN' },
    );
    expect(events.map((e) => [e.type, who(e.sources)])).toEqual([['REQUEST', ['International']]]);
    // Where one of the two carries a preposition the phrases were misattached: the nearest is the subject
    // ("further action with Moscow after the government takes control of Aleppo").
    const misattached = code(
      'action/NOUN/7/nsubj with/ADP/3/case Moscow/PROPN/1/nmod after/ADP/6/case the/DET/6/det government/NOUN/7/nsubj takes/VERB/0/root control/NOUN/7/obj ./PUNCT/7/punct',
      { Moscow: 'RUS' },
    );
    expect(misattached.events).toEqual([]);
  });

  it("matches a verb-and-preposition pattern only on the verb's own oblique", () => {
    // "demand * ON" is 190 in PETRARCH's dictionary; "curbs on press freedom" is inside the object.
    const inner = code(
      'Amnesty/PROPN/2/nsubj demanded/VERB/0/root an/DET/4/det end/NOUN/2/obj to/ADP/6/case curbs/NOUN/4/nmod on/ADP/8/case freedom/NOUN/6/nmod ./PUNCT/2/punct',
      { Amnesty: 'NGOHRIAMN' },
    );
    expect(inner.events.map((e) => e.type)).toEqual(['REQUEST']);
    const own = code(
      'Troops/NOUN/2/nsubj demanded/VERB/0/root on/ADP/4/case Iran/PROPN/2/obl ./PUNCT/2/punct',
      { Troops: 'IRQMIL', Iran: 'IRN' },
    );
    expect(own.events.map((e) => e.cameo)).toEqual(['190']);
  });

  it('finds the subject of a noun phrase the parser broke at its last noun ("Key US ally Israel")', () => {
    const { events, who } = code(
      'Key/ADJ/6/nsubj US/PROPN/3/nsubj ally/VERB/1/ccomp Israel/PROPN/3/obj ,/PUNCT/1/punct attacked/VERB/0/root Iran/PROPN/6/obj ./PUNCT/6/punct',
      { US: 'USA', Israel: 'ISR', Iran: 'IRN' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['ASSAULT', ['Israel'], ['Iran']],
    ]);
  });

  it('takes the state where force was used as its target when none is named, never over a named one', () => {
    const { events, who } = code(
      'Israel/PROPN/3/nsubj has/AUX/3/aux launched/VERB/0/root hundreds/NOUN/3/obj of/ADP/6/case strikes/NOUN/4/nmod in/ADP/8/case Syria/PROPN/3/obl ./PUNCT/3/punct',
      { Israel: 'ISR', Syria: 'SYR' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['ASSAULT', ['Israel'], ['Syria']],
    ]);
    const named = code(
      'Israel/PROPN/2/nsubj attacked/VERB/0/root Hezbollah/PROPN/2/obj in/ADP/5/case Syria/PROPN/2/obl ./PUNCT/2/punct',
      { Israel: 'ISR', Hezbollah: 'LBNREBHZB', Syria: 'SYR' },
    );
    expect(named.events.map((e) => named.who(e.targets))).toEqual([['Hezbollah']]);
    // Only a state is struck by where it happened: a phrase naming another kind of actor is not taken.
    const city = code(
      'Israel/PROPN/2/nsubj attacked/VERB/0/root in/ADP/4/case Damascus/PROPN/2/obl ./PUNCT/2/punct',
      { Israel: 'ISR', Damascus: 'SYRGOV' },
    );
    expect(city.events.map((e) => city.who(e.targets))).toEqual([[]]);
  });

  it('drops an untargeted copy of an act coded with its target in the same sentence', () => {
    // "launched strikes on Hezbollah, targeting fighters": the participle has no actor of its own target.
    const { events, who } = code(
      'Israel/PROPN/2/nsubj launched/VERB/0/root strikes/NOUN/2/obj on/ADP/5/case Hezbollah/PROPN/2/obl ,/PUNCT/7/punct targeting/VERB/2/conj fighters/NOUN/7/obj ./PUNCT/2/punct',
      { Israel: 'ISR', Hezbollah: 'LBNREBHZB' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['ASSAULT', ['Israel'], ['Hezbollah']],
    ]);
  });

  it('reads a gerund the tagger made an adjective as the complement it is ("denied sending forces")', () => {
    const { events, who } = code(
      'Iran/PROPN/4/nsubj has/AUX/4/aux always/ADV/4/advmod denied/VERB/0/root sending/VERB/6/amod forces/NOUN/4/obj to/PART/8/mark fight/VERB/6/acl in/ADP/10/case Syria/PROPN/8/obl ./PUNCT/4/punct',
      { Iran: 'IRN', Syria: 'SYR' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets), e.negated])).toEqual([
      ['AID', ['Iran'], ['Syria'], true],
    ]);
    // With a determiner the noun is a phrase of its own: "denied the ruling party…" stays as parsed.
    const ruling = code(
      'Iran/PROPN/2/nsubj denied/VERB/0/root the/DET/5/det ruling/VERB/5/amod party/NOUN/2/obj ./PUNCT/2/punct',
      { Iran: 'IRN' },
    );
    expect(ruling.events.map((e) => e.trigger.text)).not.toContain('ruling');
  });

  it('takes a "by" phrase hung on an active verb as the maker of what it acts on', () => {
    // "Berlin rejected recent calls by Belarus's rulers"
    const { events, who } = code(
      "Berlin/PROPN/2/nsubj rejected/VERB/0/root calls/NOUN/2/obj by/ADP/7/case Belarus/PROPN/7/nmod:poss 's/PART/5/case rulers/NOUN/2/obl ./PUNCT/2/punct",
      { Berlin: 'DEU', Belarus: 'BLR' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['REJECT', ['Berlin'], ['Belarus']],
    ]);
  });

  it('reads the "to" clause the parser hung as a purpose advcl of a verb of intention as its complement', () => {
    // "The Hamas threatened Monday to resume activities in Israel"
    const { events, who } = code(
      'Hamas/PROPN/2/nsubj threatened/VERB/0/root Monday/PROPN/2/obj to/ADP/5/mark resume/VERB/2/advcl activities/NOUN/5/obj in/ADP/8/case Israel/PROPN/6/nmod ./PUNCT/2/punct',
      { Hamas: 'PSEREBHMS', Israel: 'ISR' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['THREATEN', ['Hamas'], ['Israel']],
    ]);
  });

  it('codes sharing information as intelligence cooperation (supplement)', () => {
    const { events, who } = code(
      'Israel/PROPN/2/nsubj shared/VERB/0/root evidence/NOUN/2/obj with/ADP/5/case US/PROPN/3/nmod ./PUNCT/2/punct',
      { Israel: 'ISR', US: 'USA' },
    );
    expect(events.map((e) => [e.type, e.cameo, who(e.targets)])).toEqual([['COOPERATE', '064', ['US']]]);
  });

  it('codes a polysemous verb (break, rule, mean) only through a pattern', () => {
    // "A Georgian court ruled Wednesday that supporters should remain in custody" is no cooperation.
    const ruled = code(
      'Georgian/ADJ/2/amod court/NOUN/3/nsubj ruled/VERB/0/root that/SCONJ/6/mark supporters/NOUN/6/nsubj remain/VERB/3/ccomp ./PUNCT/3/punct',
      { Georgian: 'GEO' },
    );
    expect(ruled.events).toEqual([]);
    const broke = code('Ford/PROPN/2/nsubj broke/VERB/0/root records/NOUN/2/obj ./PUNCT/2/punct', {
      Ford: 'USAGOV',
    });
    expect(broke.events).toEqual([]);
  });

  it('reads a bare participle complement as a state, not an act ("finds him injured")', () => {
    const { events } = code(
      'Family/NOUN/3/nsubj of/ADP/3/case Jordan/PROPN/1/nmod finds/VERB/0/root him/PRON/4/obj injured/VERB/4/xcomp ./PUNCT/4/punct',
      { Jordan: 'JOR' },
    );
    expect(events).toEqual([]);
  });

  it('reads a verb of harm with a subject and no object as a reduced passive: its subject is no source', () => {
    // "the 28-year-old Marine killed last week in Afghanistan"
    const marine = code(
      'Marine/PROPN/2/nsubj killed/VERB/0/root last/ADJ/4/amod week/NOUN/2/obl:unmarked in/ADP/6/case Afghanistan/PROPN/2/obl ./PUNCT/2/punct',
      { Marine: 'USAMIL', Afghanistan: 'AFG' },
    );
    expect(marine.events).toEqual([]);
    const active = code('Taliban/PROPN/2/nsubj killed/VERB/0/root Marines/NOUN/2/obj ./PUNCT/2/punct', {
      Taliban: 'AFGREBTAL',
    });
    expect(active.events.map((e) => e.type)).toEqual(['ASSAULT']);
  });

  it('takes no place for a target where no source is a political actor', () => {
    const { events } = code(
      'Smith/PROPN/2/nsubj attacked/VERB/0/root in/ADP/4/case Afghanistan/PROPN/2/obl ./PUNCT/2/punct',
      { Smith: '', Afghanistan: 'AFG' },
    );
    expect(events).toEqual([]);
  });

  it('takes an actor with a bare sector code for no political actor', () => {
    // A sheriff's captain linked with "MIL" and no country is no state's soldier.
    const { events } = code('Wilson/PROPN/2/nsubj attacked/VERB/0/root Smith/PROPN/2/obj ./PUNCT/2/punct', {
      Wilson: '-MIL',
      Smith: '',
    });
    expect(events).toEqual([]);
    const soldier = code('Wilson/PROPN/2/nsubj attacked/VERB/0/root Smith/PROPN/2/obj ./PUNCT/2/punct', {
      Wilson: 'USAMIL',
      Smith: '',
    });
    expect(soldier.events.map((e) => e.type)).toEqual(['ASSAULT']);
  });

  it('codes no act a question asks about', () => {
    const { events } = code(
      'How/ADV/4/advmod will/AUX/4/aux Washington/PROPN/4/nsubj attack/VERB/0/root Iran/PROPN/4/obj ?/PUNCT/4/punct',
      { Washington: 'USA', Iran: 'IRN' },
    );
    expect(events).toEqual([]);
  });

  it('reads "needs to" as a frame and "can", "may" as possibility: not done', () => {
    const needs = code(
      'Egypt/PROPN/2/nsubj needs/VERB/0/root to/PART/4/mark embrace/VERB/2/xcomp democracy/NOUN/4/obj ./PUNCT/2/punct',
      { Egypt: 'EGY' },
    );
    expect(needs.events.map((e) => e.trigger.text)).not.toContain('needs');
    const may = code('Iran/PROPN/3/nsubj may/AUX/3/aux attack/VERB/0/root Iraq/PROPN/3/obj ./PUNCT/3/punct', {
      Iran: 'IRN',
      Iraq: 'IRQ',
    });
    expect(may.events.map((e) => [e.type, e.intended])).toEqual([['ASSAULT', true]]);
  });

  it("codes no private person's journey to a country as a visit", () => {
    const trip = code(
      'Samra/PROPN/2/nsubj came/VERB/0/root to/ADP/4/case America/PROPN/2/obl ./PUNCT/2/punct',
      { Samra: '', America: 'USA' },
    );
    expect(trip.events).toEqual([]);
    const minister = code(
      'Lavrov/PROPN/2/nsubj came/VERB/0/root to/ADP/4/case America/PROPN/2/obl ./PUNCT/2/punct',
      { Lavrov: 'RUSGOV', America: 'USA' },
    );
    expect(minister.events.map((e) => e.type)).toEqual(['CONSULT']);
  });

  it('takes a participle before its noun for an adjective, not a clause ("alleged bombers")', () => {
    const { events } = code(
      'Libya/PROPN/3/nsubj must/AUX/3/aux surrender/VERB/0/root alleged/VERB/5/acl bombers/NOUN/3/obj ./PUNCT/3/punct',
      { Libya: 'LBY' },
    );
    expect(events.map((e) => e.trigger.text)).not.toContain('alleged');
  });

  it('reads a clause under "reiterated" or "stressed" as reported by its subject', () => {
    // "A British minister reiterated that Libya must surrender the bombers": the minister's demand.
    const { events, who } = code(
      'Britain/PROPN/2/nsubj reiterated/VERB/0/root that/SCONJ/6/mark Libya/PROPN/6/nsubj must/AUX/6/aux surrender/VERB/2/ccomp the/DET/8/det bombers/NOUN/6/obj ./PUNCT/2/punct',
      { Britain: 'GBR', Libya: 'LBY' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['REQUEST', ['Britain'], ['Libya']],
    ]);
  });

  it('codes a stated readiness to cooperate and a future meeting as the intent to (AGREE, 03x)', () => {
    // "France is ready to contribute troops to Liberia": an offer (0332, intent to give military aid).
    const ready = code(
      'France/PROPN/3/nsubj is/AUX/3/cop ready/ADJ/0/root to/PART/5/mark contribute/VERB/3/xcomp troops/NOUN/5/obj to/ADP/8/case Liberia/PROPN/5/obl ./PUNCT/3/punct',
      { France: 'FRA', Liberia: 'LBR' },
    );
    expect(ready.events.map((e) => [e.type, e.cameo, ready.who(e.sources), ready.who(e.targets)])).toEqual([
      ['AGREE', '0332', ['France'], ['Liberia']],
    ]);
    // "Fischer will visit Albania" (036); the visit itself, once made, stays a CONSULT.
    const will = code(
      'Fischer/PROPN/3/nsubj will/AUX/3/aux visit/VERB/0/root Albania/PROPN/3/obj ./PUNCT/3/punct',
      { Fischer: 'DEUGOV', Albania: 'ALB' },
    );
    expect(will.events.map((e) => [e.type, e.cameo, e.intended])).toEqual([['AGREE', '036', true]]);
    const visited = code('Fischer/PROPN/2/nsubj visited/VERB/0/root Albania/PROPN/2/obj ./PUNCT/2/punct', {
      Fischer: 'DEUGOV',
      Albania: 'ALB',
    });
    expect(visited.events.map((e) => e.type)).toEqual(['CONSULT']);
    // Material conflict in the future stays a threat, and a future aid is still aid (intended).
    const aid = code(
      'Iran/PROPN/3/nsubj will/AUX/3/aux strengthen/VERB/0/root Syria/PROPN/6/nmod:poss ’s/PART/4/case defenses/NOUN/3/obj ./PUNCT/3/punct',
      { Iran: 'IRN', Syria: 'SYR' },
    );
    expect(aid.events.every((e) => e.type !== 'AGREE')).toBe(true);
  });

  it("names a phrase's political actor before a name without a country at the same depth", () => {
    // "Qatar's emir, Sheikh Hamad, met Saudi Arabia's king": Hamad is known only by a bare sector code.
    const { events, who } = code(
      "Qatar/PROPN/3/nmod:poss 's/PART/1/case emir/NOUN/7/nsubj ,/PUNCT/5/punct Hamad/PROPN/3/appos ,/PUNCT/5/punct met/VERB/0/root Saudi/PROPN/7/obj ./PUNCT/7/punct",
      { Qatar: 'QAT', Hamad: '-MIL', Saudi: 'SAU' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['CONSULT', ['Qatar'], ['Saudi']],
    ]);
  });

  it('takes the one "quoted as saying" for the speaker, and a pronoun under it for his voice', () => {
    // "Lavrov was quoted as saying he would send troops to Syria": Lavrov's own act, not reported by others.
    const { events, who } = code(
      'Lavrov/PROPN/3/nsubj:pass was/AUX/3/aux:pass quoted/VERB/0/root as/SCONJ/5/mark saying/VERB/3/advcl he/PRON/8/nsubj would/AUX/8/aux send/VERB/5/ccomp troops/NOUN/8/obj to/ADP/11/case Syria/PROPN/8/obl ./PUNCT/3/punct',
      { Lavrov: 'RUSGOV', Syria: 'SYR' },
    );
    expect(events.map((e) => [who(e.sources), who(e.targets), e.intended, e.reportedBy])).toEqual([
      [['Lavrov'], ['Syria'], true, null],
    ]);
  });

  it('takes a coded actor deeper in the phrase over a name without a country ("King Hassan of Morocco")', () => {
    const { events, who } = code(
      'Hassan/PROPN/4/nsubj of/ADP/3/case Morocco/PROPN/1/nmod visited/VERB/0/root Israel/PROPN/4/obj ./PUNCT/4/punct',
      { Hassan: '', Morocco: 'MAR', Israel: 'ISR' },
    );
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['CONSULT', ['Morocco'], ['Israel']],
    ]);
    // A private person with no coded actor in his phrase stays himself.
    const alone = code('Samra/PROPN/2/nsubj attacked/VERB/0/root Israel/PROPN/2/obj ./PUNCT/2/punct', {
      Samra: '',
      Israel: 'ISR',
    });
    expect(alone.events.map((e) => alone.who(e.sources))).toEqual([['Samra']]);
  });

  it("codes strengthening one's own forces as mobilisation and upgrading ties as cooperation (supplement)", () => {
    const forces = code(
      'Israel/PROPN/3/nsubj has/AUX/3/aux strengthened/VERB/0/root its/PRON/5/nmod:poss forces/NOUN/3/obj in/ADP/7/case Lebanon/PROPN/5/nmod ./PUNCT/3/punct',
      { Israel: 'ISR', Lebanon: 'LBN' },
    );
    expect(forces.events.map((e) => [e.type, e.cameo])).toEqual([['MOBILIZE', '154']]);
    const ties = code(
      'Czechia/PROPN/5/nsubj and/CCONJ/3/cc Albania/PROPN/1/conj have/AUX/5/aux upgraded/VERB/0/root their/PRON/8/nmod:poss diplomatic/ADJ/8/amod ties/NOUN/5/obj ./PUNCT/5/punct',
      { Czechia: 'CZE', Albania: 'ALB' },
    );
    expect(ties.events.map((e) => [e.type, ties.who(e.sources), ties.who(e.targets)])).toEqual([
      ['SUPPORT', ['Czechia'], ['Albania']],
    ]);
  });

  it('finds no actor of the subject in a phrase of whom it acts with ("action with Moscow")', () => {
    // "… after further military action with Moscow takes control of Aleppo": the parser's subject is
    // "action"; Moscow is a partner, not who acts.
    const { events } = code(
      'further/ADJ/3/amod military/ADJ/3/amod action/NOUN/6/nsubj with/ADP/5/case Moscow/PROPN/3/nmod takes/VERB/0/root control/NOUN/6/obj of/ADP/9/case Aleppo/PROPN/7/nmod ./PUNCT/6/punct',
      { Moscow: 'RUS' },
    );
    expect(events).toEqual([]);
    // An "of" or "in" phrase still names the actor: "officials in Turkey arrested opponents".
    const officials = code(
      'officials/NOUN/4/nsubj in/ADP/3/case Turkey/PROPN/1/nmod arrested/VERB/0/root opponents/NOUN/4/obj ./PUNCT/4/punct',
      { Turkey: 'TUR' },
    );
    expect(officials.events.map((e) => [e.type, officials.who(e.sources)])).toEqual([['COERCE', ['Turkey']]]);
  });

  it("codes neither an infinitive of a noun nor what those sent are sent to do as the sender's act", () => {
    // "Iran denied sending forces to fight in Syria": the sending (denied) is Iran's act, the fighting the
    // forces' purpose.
    const sent = code(
      'Iran/PROPN/2/nsubj denied/VERB/0/root sending/VERB/2/xcomp forces/NOUN/3/obj to/PART/6/mark fight/VERB/3/xcomp in/ADP/8/case Syria/PROPN/6/obl ./PUNCT/2/punct',
      { Iran: 'IRN', Syria: 'SYR' },
    );
    expect(sent.events.map((e) => [e.type, e.trigger.text, e.negated])).toEqual([
      ['AID', 'sending forces', true],
    ]);
    // "Hamas rejected an invitation to attend talks with Israel": the attending is no act.
    const invited = code(
      'Hamas/PROPN/2/nsubj rejected/VERB/0/root an/DET/4/det invitation/NOUN/2/obj to/PART/6/mark attend/VERB/4/acl talks/NOUN/6/obj with/ADP/9/case Israel/PROPN/7/nmod ./PUNCT/2/punct',
      { Hamas: 'PSEREBHMS', Israel: 'ISR' },
    );
    expect(invited.events.map((e) => e.type)).toEqual(['REJECT']);
  });

  it('reads a speaker the parser left as the subject of a reduced relative ("the Red Cross operating in Iraq said")', () => {
    const { events, who } = code(
      'Red/PROPN/2/compound Cross/PROPN/3/nsubj operating/VERB/6/ccomp in/ADP/5/case Iraq/PROPN/3/obl said/VERB/0/root British/ADJ/8/amod forces/NOUN/10/nsubj must/AUX/10/aux ensure/VERB/6/ccomp security/NOUN/10/obj ./PUNCT/6/punct',
      { Cross: 'NGOHLHIRC', Iraq: 'IRQ', British: 'GBR' },
    );
    // The speaker's demand of the forces (REQUEST), not the forces' own act.
    expect(events.map((e) => [e.type, who(e.sources), who(e.targets)])).toEqual([
      ['REQUEST', ['Cross'], ['British']],
    ]);
  });

  it('spreads a list the tagger broke at a participle, and gives its targets to the act it names', () => {
    // "Israel launched strikes in Syria, targeting troops, allied Iranian forces and fighters": "allied"
    // parsed as a clause of "targeting" with "forces" its object.
    const { events, who } = code(
      'Israel/PROPN/2/nsubj launched/VERB/0/root strikes/NOUN/2/obj in/ADP/5/case Syria/PROPN/2/obl ,/PUNCT/7/punct targeting/VERB/2/conj troops/NOUN/7/obj ,/PUNCT/10/punct allied/VERB/7/advcl Iranian/ADJ/12/amod forces/NOUN/10/obj and/CCONJ/14/cc Hezbollah/PROPN/12/conj ./PUNCT/2/punct',
      { Israel: 'ISR', Syria: 'SYR', Iranian: 'IRN', Hezbollah: 'LBNREBHZB' },
    );
    // One act, the strikes, aimed at the listed targets rather than at the state they fell in.
    expect(events.map((e) => [e.type, e.trigger.text, who(e.sources), who(e.targets)])).toEqual([
      ['ASSAULT', 'launched strikes', ['Israel'], ['Iranian', 'Hezbollah']],
    ]);
  });
});

/** Tokens and a parse from `word/UPOS/head/relation` items, as `code` above, for the claim and quote stages. */
function parsed(spec: string): { text: string; tokens: Token[]; syntax: SentenceSyntax } {
  const syntax: SentenceSyntax = { upos: [], heads: [], deprels: [] };
  const tokens: Token[] = [];
  let text = '';
  for (const [word = '', upos = '', head = '', rel = ''] of spec.split(' ').map((x) => x.split('/'))) {
    if (text) text += ' ';
    tokens.push({ text: word, start: text.length, end: text.length + word.length, sentence: 0 });
    text += word;
    syntax.upos.push(upos);
    syntax.heads.push(Number(head));
    syntax.deprels.push(rel);
  }
  return { text, tokens, syntax };
}

describe('claims from the parse', () => {
  const claims = (spec: string) => {
    const { text, tokens, syntax } = parsed(spec);
    return extractClaims({
      text,
      sentences: [{ index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false }],
      tokens: [tokens],
      syntax: [syntax],
    }).map((c) => `${c.kind}:${c.value}:${c.cue ?? ''}`);
  };

  it('counts the noun the number modifies, framed by the verb acting on it', () => {
    expect(
      claims(
        'The/DET/2/det war/NOUN/3/nsubj killed/VERB/0/root more/ADJ/6/advmod than/ADP/4/fixed 380,000/NUM/7/nummod people/NOUN/3/obj ./PUNCT/3/punct',
      ),
    ).toEqual(['fatalities:380000:killed']);
  });

  it('takes a participle after the counted noun as its frame ("30 others wounded")', () => {
    expect(
      claims(
        '12/NUM/2/nummod soldiers/NOUN/4/nsubj:pass were/AUX/4/aux:pass killed/VERB/0/root and/CCONJ/7/cc 30/NUM/7/nummod others/NOUN/4/conj wounded/ADJ/7/amod ./PUNCT/4/punct',
      ),
    ).toEqual(['fatalities:12:killed', 'injured:30:wounded']);
    // A participle before the noun describes it, it does not count it: "two wounded towns" is no claim.
    expect(
      claims('in/ADP/4/case two/NUM/4/nummod wounded/ADJ/4/amod towns/NOUN/0/root ./PUNCT/4/punct'),
    ).toEqual([]);
  });

  it('makes no claim of a number whose noun counts nothing', () => {
    expect(
      claims(
        'At/ADP/3/case one/NUM/3/nummod point/NOUN/5/obl ,/PUNCT/5/punct strikes/NOUN/6/nsubj resumed/VERB/0/root ./PUNCT/6/punct',
      ),
    ).toEqual([]);
    expect(
      claims(
        'Three/NUM/2/nummod people/NOUN/4/nsubj:pass were/AUX/4/aux:pass injured/VERB/0/root in/ADP/7/case two/NUM/7/nummod towns/NOUN/4/obl ./PUNCT/4/punct',
      ),
    ).toEqual(['injured:3:injured']);
    expect(
      claims(
        'Troops/NOUN/5/nsubj from/ADP/4/case two/NUM/4/nummod countries/NOUN/1/nmod arrived/VERB/0/root ./PUNCT/5/punct',
      ),
    ).toEqual([]);
  });
});

describe('quote speakers from the parse', () => {
  it('takes the subject of the speech verb, or the object of "quoted X as saying"', () => {
    const said = parsed('the/DET/2/det minister/NOUN/3/nsubj said/VERB/0/root');
    expect(speakerToken(said.syntax, said.tokens, said.tokens[2]!)?.text).toBe('minister');
    const quoted = parsed(
      'the/DET/2/det broadcaster/NOUN/3/nsubj quoted/VERB/0/root Bagheri/PROPN/3/obj as/SCONJ/6/mark saying/VERB/3/advcl',
    );
    expect(speakerToken(quoted.syntax, quoted.tokens, quoted.tokens[5]!)?.text).toBe('Bagheri');
    expect(speakerToken(quoted.syntax, quoted.tokens, quoted.tokens[2]!)?.text).toBe('Bagheri');
    expect(speakerToken(null, quoted.tokens, quoted.tokens[2]!)).toBeNull();
  });

  it('gives the quote to the subject of the speech verb over the source it cites', () => {
    // "“It is over,” Zarif said, according to Tasnim": Zarif speaks, Tasnim reports it.
    const { text, tokens, syntax } = parsed(
      '“/PUNCT/4/punct It/PRON/4/nsubj is/AUX/4/cop over/ADV/7/ccomp ,/PUNCT/4/punct ”/PUNCT/4/punct ' +
        'Zarif/PROPN/8/nsubj said/VERB/0/root ,/PUNCT/8/punct according/VERB/12/case to/ADP/10/fixed ' +
        'Tasnim/PROPN/8/obl ./PUNCT/8/punct',
    );
    const actor = (id: string, name: string, kind: AnalysisActor['kind']): AnalysisActor => ({
      id,
      actorId: `test:${name}`,
      name,
      kind,
      codes: [],
      country: null,
      role: null,
      discovered: false,
      mentions: [],
      confidence: 1,
    });
    const mention = (id: string, actorId: string, tok: Token): ActorMention => ({
      id,
      actor: actorId,
      span: { sentence: 0, start: tok.start, end: tok.end, text: tok.text },
      entity: null,
      via: 'name',
      confidence: 1,
    });
    const quotes = extractQuotes({
      text,
      sentences: [{ index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false }],
      tokens: [tokens],
      actors: [actor('a1', 'Zarif', 'person'), actor('a2', 'Tasnim', 'organisation')],
      actorMentions: [mention('m1', 'a1', tokens[6]!), mention('m2', 'a2', tokens[11]!)],
      syntax: [syntax],
    });
    expect(quotes.map((q) => [q.text, q.speaker])).toEqual([['It is over ,', 'a1']]);
  });
});
