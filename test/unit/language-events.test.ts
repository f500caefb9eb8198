import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { Analysis } from '../../src/understand/types.js';

// Hand-written Arabic and Persian news sentences (this project's own text), one event each.

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

const coded = (a: Analysis) =>
  a.events.map((e) => {
    const id = (x: string) => a.actors.find((y) => y.id === x)?.actorId;
    return {
      trigger: e.trigger.text,
      type: e.type,
      sources: e.sources.map(id),
      targets: e.targets.map(id),
      negated: e.negated,
      intended: e.intended,
    };
  });

const one = (text: string, language: string) =>
  coded(analyzer.analyze({ text, language, publishedAt: '2020-07-09' }));

describe('events in Arabic', () => {
  it.each([
    [
      'التقى الرئيس السوري بشار الأسد بوزير الخارجية الإيراني في دمشق.',
      'التقى',
      'CONSULT',
      'person:bashar-al-assad',
      'person:mohammad-javad-zarif',
    ],
    [
      'وقصفت القوات الإسرائيلية مواقع لحزب الله في حلب.',
      'وقصفت',
      'ASSAULT',
      'sector:ISRMIL',
      'org:hezbollah',
    ],
    ['ووقعت إيران وسوريا اتفاقية عسكرية.', 'ووقعت', 'SUPPORT', 'country:IRN', 'country:SYR'],
    ['وفرضت الولايات المتحدة عقوبات على إيران.', 'وفرضت', 'COERCE', 'country:USA', 'country:IRN'],
    ['وهدد حزب الله إسرائيل.', 'وهدد', 'THREATEN', 'org:hezbollah', 'country:ISR'],
    ['إسرائيل تستهدف مواقع حماس في غزة.', 'تستهدف', 'ASSAULT', 'country:ISR', 'org:hamas'],
    ['واتهمت إيران الولايات المتحدة بدعم الإرهاب.', 'واتهمت', 'ACCUSE', 'country:IRN', 'country:USA'],
  ])('%s', (text, trigger, type, source, target) => {
    expect(one(text, 'ar')[0]).toEqual({
      trigger,
      type,
      sources: [source],
      targets: [target],
      negated: false,
      intended: false,
    });
  });

  it('reads negation and the future', () => {
    expect(one('ولم تهاجم تركيا العراق.', 'ar')[0]).toMatchObject({ type: 'ASSAULT', negated: true });
    // A material conflict promised is a threat, as in the English coder.
    expect(one('وستقصف إسرائيل مواقع حزب الله.', 'ar')[0]).toMatchObject({
      type: 'THREATEN',
      intended: true,
      sources: ['country:ISR'],
      targets: ['org:hezbollah'],
    });
  });

  it('finds the subject after a title, and the subject of "أنه" in the clause before', () => {
    expect(
      one('اجتمع رئيس الوزراء العراقي مصطفى الكاظمي مع ولي العهد السعودي محمد بن سلمان.', 'ar')[0],
    ).toMatchObject({
      type: 'CONSULT',
      sources: ['person:mustafa-al-kadhimi'],
      targets: ['person:mohammed-bin-salman'],
    });
    expect(one('أعلن الجيش الإسرائيلي أنه قصف أهدافا لحركة حماس.', 'ar')[0]).toMatchObject({
      type: 'ASSAULT',
      sources: ['sector:ISRMIL'],
      targets: ['org:hamas'],
    });
  });

  it('codes no meeting without its second party and nothing without actors', () => {
    expect(one('التقى الوزير بالصحفيين.', 'ar')).toEqual([]);
    expect(one('قصفت الطائرات مواقع في الصحراء.', 'ar')).toEqual([]);
  });
});

describe('events in Persian', () => {
  it.each([
    [
      'ارتش اسرائیل به مواضع حزب‌الله در لبنان حمله کرد.',
      'حمله کرد',
      'ASSAULT',
      'sector:ISRMIL',
      'org:hezbollah',
    ],
    ['آمریکا ایران را تحریم کرد.', 'تحریم کرد', 'COERCE', 'country:USA', 'country:IRN'],
    ['سپاه پاسداران اسرائیل را تهدید کرد.', 'تهدید کرد', 'THREATEN', 'org:irgc', 'country:ISR'],
    ['ایران و سوریه توافقنامه نظامی امضا کردند.', 'امضا کردند', 'SUPPORT', 'country:IRN', 'country:SYR'],
    [
      'بشار اسد با وزیر امور خارجه ایران دیدار کرد.',
      'دیدار کرد',
      'CONSULT',
      'person:bashar-al-assad',
      'person:mohammad-javad-zarif',
    ],
  ])('%s', (text, trigger, type, source, target) => {
    expect(one(text, 'fa')[0]).toEqual({
      trigger,
      type,
      sources: [source],
      targets: [target],
      negated: false,
      intended: false,
    });
  });

  it('reads the negative light verb, the future and the passive', () => {
    expect(one('ایران به عراق حمله نکرد.', 'fa')[0]).toMatchObject({
      negated: true,
      sources: ['country:IRN'],
    });
    expect(one('اسرائیل به لبنان حمله خواهد کرد.', 'fa')[0]).toMatchObject({
      type: 'THREATEN',
      intended: true,
    });
    // The subject of a passive stands right before it: "members of the IRGC were killed", not America.
    expect(one('در حمله پهپادی آمریکا دو عضو سپاه پاسداران کشته شدند.', 'fa')[0]).toMatchObject({
      type: 'ASSAULT',
      sources: [],
      targets: ['org:irgc'],
    });
    // "was arrested": the subject is the target, the source unnamed.
    expect(one('فرمانده سپاه پاسداران در تهران بازداشت شد.', 'fa')[0]).toMatchObject({
      type: 'COERCE',
      sources: [],
      targets: ['org:irgc'],
    });
  });
});

describe('the English events', () => {
  it('are those of the English coder', () => {
    const a = analyzer.analyze({
      text: 'Israeli warplanes struck Hezbollah positions in southern Lebanon on Tuesday.',
      language: 'en',
      publishedAt: '2020-07-09',
    });
    expect(a.stages.events?.version).toMatch(/\+ar-3$/);
    expect(coded(a).map((e) => e.type)).toEqual(['ASSAULT']);
  });
});

describe('Persian light verbs beyond کردن and شدن, Arabic verbal nouns', () => {
  const first = (text: string, language: string) => {
    const e = one(text, language)[0];
    return e ? [e.type, e.sources[0] ?? null, e.targets[0] ?? null] : null;
  };
  it.each([
    // "هدف قرار داد": targeted; "هدف قرار گرفت": was targeted, its subject the target.
    ['اسرائیل مواضع حزب‌الله را هدف قرار داد.', 'fa', ['ASSAULT', 'country:ISR', 'org:hezbollah']],
    ['نیروهای آمریکایی در سوریه هدف قرار گرفتند.', 'fa', ['ASSAULT', null, 'sector:USAMIL']],
    ['سپاه پاسداران یک پهپاد آمریکایی را سرنگون کرد.', 'fa', ['ASSAULT', 'org:irgc', 'country:USA']],
    [
      'ارتش اسرائیل قاسم سلیمانی را به شهادت رساند.',
      'fa',
      ['ASSAULT', 'sector:ISRMIL', 'person:qasem-soleimani'],
    ],
    ['تبنت حركة حماس الهجوم على مواقع الجيش الإسرائيلي.', 'ar', ['ASSAULT', 'org:hamas', 'sector:ISRMIL']],
  ])('%s', (text, language, want) => {
    expect(first(text, language)).toEqual(want);
  });

  it('does not code an earthquake or a storm that "struck" as an attack', () => {
    expect(one('ارتفعت حصيلة الزلزال الذي ضرب سوريا وتركيا.', 'ar').map((e) => e.type)).toEqual([]);
    expect(one('ضربت عاصفة ترابية الكويت والعراق صباح السبت.', 'ar').map((e) => e.type)).toEqual([]);
  });

  it('does not take the media noun "رسانه" for the light verb رساندن', () => {
    expect(one('حمله رسانه‌های غربی به ایران ادامه دارد.', 'fa').map((e) => e.type)).not.toContain('ASSAULT');
  });
});
