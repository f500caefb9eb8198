import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { parseGeoCorpus } from '../../eval/geocorpus.js';
import { scoreCorpus } from '../../eval/places.js';

// The geoparsing harness on a two-article corpus whose scores are known by hand.

const text1 = 'Fighting in Aleppo and Damascus, said a man from Qwertyville who fled to Beirut.';
const text2 = 'Rain fell in\n            Cairo.';
const xml = `<articles>
  <article docid="a1"><text><![CDATA[${text1}]]></text><toponyms>
    <toponym><start>12</start><end>18</end><phrase>Aleppo</phrase>
      <gaztag geonameid="170063"><name>Aleppo</name><fclass>P</fclass><fcode>PPLA</fcode><lat>36.20124</lat><lon>37.16117</lon></gaztag></toponym>
    <toponym><start>23</start><end>31</end><phrase>Damascus</phrase>
      <gaztag geonameid="170654"><name>Damascus</name><fclass>P</fclass><fcode>PPLC</fcode><lat>33.5102</lat><lon>36.29128</lon></gaztag></toponym>
    <toponym><start>49</start><end>60</end><phrase>Qwertyville</phrase></toponym>
  </toponyms></article>
  <article docid="a2"><text>
  <![CDATA[${text2}]]>
  </text><toponyms>
    <toponym><phrase>Cairo</phrase><start>26</start><end>31</end>
      <gaztag geonameid="360630"><name>Cairo</name><fclass>P</fclass><fcode>PPLC</fcode><lat>30.06263</lat><lon>31.24967</lon></gaztag></toponym>
  </toponyms></article>
</articles>`;

describe('geoparsing corpus and scores', () => {
  it('reads articles, re-anchors drifted offsets, and keeps toponyms without coordinates', () => {
    const [a1, a2] = parseGeoCorpus(xml);
    expect(a1?.toponyms.map((t) => t.phrase)).toEqual(['Aleppo', 'Damascus', 'Qwertyville']);
    expect(a1?.toponyms[2]?.lat).toBeNull();
    // The offset says 26 but the text was re-indented: the phrase is found nearby.
    const cairo = a2?.toponyms[0];
    expect(a2?.text.slice(cairo!.start, cairo!.end)).toBe('Cairo');
  });

  it('refuses a toponym that is nowhere near its offset', () => {
    expect(() =>
      parseGeoCorpus(
        '<articles><article docid="x"><text><![CDATA[Nothing here.]]></text><toponyms><toponym><start>0</start><end>5</end><phrase>Paris</phrase></toponym></toponyms></article></articles>',
      ),
    ).toThrow(/Paris/);
  });

  it('scores detection on exact spans and resolution within 161 km', () => {
    const resources = loadResources(packageRoot());
    const { scores } = scoreCorpus(parseGeoCorpus(xml), createAnalyzer(resources), resources);
    expect(scores.toponyms).toBe(4);
    // All four gold names are found (the invented town as an unresolved place); Beirut is found but is not
    // in this gold, so it counts against precision.
    expect(scores.recall).toBe(1);
    expect(scores.precision).toBeCloseTo(4 / 5, 5);
    expect(scores.f1).toBeCloseTo((2 * 0.8) / 1.8, 5);
    expect(scores.acc161).toBe(1);
    expect(scores.medianKm).toBeLessThan(5);
    expect(scores.resolvedShare).toBe(1);
  });
});
