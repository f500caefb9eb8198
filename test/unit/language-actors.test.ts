import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { Analysis } from '../../src/understand/types.js';

// Hand-written Arabic and Persian news sentences (this project's own text).

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

const run = (text: string, language: string | null = null, publishedAt = '2020-07-09'): Analysis =>
  analyzer.analyze({ text, language, publishedAt });

const linked = (a: Analysis) =>
  a.actorMentions.map((m) => {
    const actor = a.actors.find((x) => x.id === m.actor);
    return { text: m.span.text, actorId: actor?.actorId, via: m.via };
  });
const placed = (a: Analysis) => a.places.map((p) => ({ text: p.span.text, name: p.place?.name ?? null }));

/** Every span points into the text as written. */
function spansHold(a: Analysis, text: string): void {
  for (const m of [...a.actorMentions, ...a.places, ...a.dates])
    expect(text.slice(m.span.start, m.span.end)).toBe(m.span.text);
}

describe('actors in Arabic', () => {
  const text =
    'التقى الرئيس السوري بشار الأسد بوزير الخارجية الإيراني في دمشق أمس. وقصفت القوات الإسرائيلية مواقع لحزب الله في حلب.';

  it('links names, titles, collectives and demonyms to the same actors as English', () => {
    const a = run(text, 'ar');
    expect(a.language).toBe('ar');
    expect(linked(a)).toEqual([
      { text: 'بشار الأسد', actorId: 'person:bashar-al-assad', via: 'name' },
      { text: 'وزير الخارجية الإيراني', actorId: 'person:mohammad-javad-zarif', via: 'title' },
      { text: 'القوات الإسرائيلية', actorId: 'sector:ISRMIL', via: 'demonym' },
      { text: 'حزب الله', actorId: 'org:hezbollah', via: 'name' },
    ]);
    spansHold(a, text);
  });

  it('takes the office holder on the publication date', () => {
    const later = run('استقبل وزير الخارجية الإيراني نظيره العراقي في طهران.', 'ar', '2022-01-10');
    expect(linked(later)[0]).toEqual({
      text: 'وزير الخارجية الإيراني',
      actorId: 'person:hossein-amir-abdollahian',
      via: 'title',
    });
    expect(linked(later)[1]).toMatchObject({ text: 'العراقي', actorId: 'country:IRQ', via: 'demonym' });
  });

  it('reads a name with a joined preposition and keeps the preposition out of the span', () => {
    const t = 'وأكد المتحدث أن الغارات استهدفت مقرات لحماس وللجهاد الإسلامي.';
    const a = run(t, 'ar');
    expect(linked(a).map((m) => [m.text, m.actorId])).toEqual([
      ['حماس', 'org:hamas'],
      // "ولل" is wa- + li- + the article whose alef is not written: the span starts at the name's letters.
      ['جهاد الإسلامي', 'org:palestinian-islamic-jihad'],
    ]);
    spansHold(a, t);
  });

  it('does not take everyday words for organisations', () => {
    const a = run('فتح الجيش الطريق إلى القاعدة العسكرية. وأعلن تنظيم القاعدة مسؤوليته.', 'ar');
    expect(linked(a).map((m) => m.actorId)).toEqual(['org:al-qaeda']);
  });
});

describe('actors in Persian', () => {
  it('links titles before a country, names and demonyms', () => {
    const text =
      'وزیر امور خارجه ایران روز چهارشنبه در تهران با همتای سوری خود دیدار کرد. سپاه پاسداران در اصفهان رزمایش برگزار کرد.';
    const a = run(text, 'fa');
    expect(linked(a)).toEqual([
      { text: 'وزیر امور خارجه ایران', actorId: 'person:mohammad-javad-zarif', via: 'title' },
      { text: 'ایران', actorId: 'country:IRN', via: 'name' },
      { text: 'سوری', actorId: 'country:SYR', via: 'demonym' },
      { text: 'سپاه پاسداران', actorId: 'org:irgc', via: 'name' },
    ]);
    spansHold(a, text);
  });

  it('matches across letter variants and a zero-width non-joiner', () => {
    // Arabic yeh and kaf in a Persian name; a space where the dictionary has a non-joiner; a suffix after one.
    const text = 'آیت الله علي خامنه اي گفت که نیروهای آمریکایی باید منطقه را ترک کنند. خامنه‌ای‌ها نبودند.';
    const a = run(text, 'fa');
    const got = linked(a);
    expect(got[0]).toEqual({ text: 'علي خامنه اي', actorId: 'person:ali-khamenei', via: 'name' });
    expect(got[1]).toEqual({ text: 'نیروهای آمریکایی', actorId: 'sector:USAMIL', via: 'demonym' });
    expect(got[2]).toEqual({ text: 'خامنه‌ای', actorId: 'person:ali-khamenei', via: 'name' });
    spansHold(a, text);
  });

  it('reads the army of a named country as its military', () => {
    const a = run('ارتش اسرائیل به مواضعی در جنوب لبنان حمله کرد.', 'fa');
    expect(linked(a).slice(0, 2)).toEqual([
      { text: 'ارتش اسرائیل', actorId: 'sector:ISRMIL', via: 'demonym' },
      { text: 'اسرائیل', actorId: 'country:ISR', via: 'name' },
    ]);
  });
});

describe('foreign leaders in Arabic and Persian spellings', () => {
  it.each([
    [
      'وقال الرئيس الأمريكي دونالد ترامب إن بلاده لن تسمح لإيران بامتلاك سلاح نووي.',
      'دونالد ترامب',
      'person:donald-trump',
    ],
    ['واتصل أردوغان ببوتين لبحث الوضع في إدلب.', 'أردوغان', 'person:recep-tayyip-erdogan'],
    ['ترامپ گفت که آمریکا از توافق هسته‌ای خارج می‌شود.', 'ترامپ', 'person:donald-trump'],
    ['ظریف با سرگئی لاوروف در مسکو گفت‌وگو کرد.', 'سرگئی لاوروف', 'person:sergei-lavrov'],
  ])('%s', (text, name, actorId) => {
    const a = run(text, null, '2019-06-01');
    expect(linked(a)).toContainEqual({ text: name, actorId, via: 'name' });
  });
});

describe('places in Arabic and Persian', () => {
  it('finds places behind joined prepositions and resolves them', () => {
    const text = 'سقطت قذائف على الموصل وبغداد، وانفجرت سيارة مفخخة بحلب قرب الحدود مع تركيا.';
    const a = run(text, 'ar');
    expect(placed(a)).toEqual([
      { text: 'الموصل', name: 'Mosul' },
      { text: 'بغداد', name: 'Baghdad' },
      { text: 'حلب', name: 'Aleppo' },
      { text: 'تركيا', name: 'Türkiye' },
    ]);
    spansHold(a, text);
  });

  it('keeps short names and everyday words out unless a locative word makes them places', () => {
    const a = run('نشرت الوكالة صور الدمار. وقال إن قم مدينة مقدسة. وصل الوفد إلى قم.', 'ar');
    expect(placed(a)).toEqual([{ text: 'قم', name: 'Qom' }]);
    expect(a.places[0]?.span.start).toBeGreaterThan(30);
  });

  it('resolves Persian spellings', () => {
    const a = run('انفجار در نطنز و اصفهان گزارش شد و مقامات در تهران و مشهد جلسه داشتند.', 'fa');
    const names = placed(a).map((p) => p.name);
    expect(names).toContain('Isfahan');
    expect(names).toContain('Tehran');
    expect(names).toContain('Mashhad');
  });

  it('finds the cities whose Arabic and Persian names curated.tsv adds, and reads Tripoli by its neighbours', () => {
    const fa = run('زلزله‌ای در کرمانشاه و کرمان رخ داد و مردم آبادان کمک فرستادند.', 'fa');
    expect(placed(fa)).toEqual([
      { text: 'کرمانشاه', name: 'Kermanshah' },
      { text: 'کرمان', name: 'Kerman' },
      { text: 'آبادان', name: 'Abadan' },
    ]);
    const ar = run('وصل الوفد إلى الدوحة ثم إلى بعقوبة، ثم إلى طرابلس وبنغازي.', 'ar');
    expect(ar.places.map((p) => [p.span.text, p.place?.name, p.place?.country])).toEqual([
      ['الدوحة', 'Doha', 'QA'],
      ['بعقوبة', 'Baqubah', 'IQ'],
      ['طرابلس', 'Tripoli', 'LY'],
      ['بنغازي', 'Benghazi', 'LY'],
    ]);
  });

  it('leaves English analyses as they were', () => {
    const a = run('Israeli forces struck targets near Aleppo on Tuesday, Syrian state media said.', 'en');
    expect(placed(a)).toEqual([{ text: 'Aleppo', name: 'Aleppo' }]);
  });
});

describe('a surname alone after another given name', () => {
  it('does not link "علی باقری کنی" to Mohammad Bagheri, and still links "باقری" alone and in full', () => {
    const ids = (text: string) => linked(run(text, 'fa')).map((l) => l.actorId);
    expect(ids('علی باقری کنی معاون وزیر خارجه در وین گفت.')).not.toContain('person:mohammad-bagheri');
    expect(ids('سرلشکر محمد باقری در دمشق گفت.')).toContain('person:mohammad-bagheri');
    expect(ids('سرلشکر باقری در دمشق گفت.')).toContain('person:mohammad-bagheri');
  });
});
