import { postgresFold, sqliteFold } from '../search-language.js';
import type { SchemaDialect } from './dialect.js';

export interface Migration {
  version: number;
  name: string;
  /** The migration's statements in the dialect's words (one string, several statements). */
  sql: (d: SchemaDialect) => string;
}

// The core schema's one history, for both engines. Append-only: a shipped migration is never edited, a
// change is a new entry. Versions are those both engines' schema_migrations tables already record (1-7 were
// two lists until they were written once here, unchanged in effect), so an existing store is up to date.
// Types are the dialect's words (dialect.ts); plain INTEGER and TEXT mean the same on both engines.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, stories, sources, dedup bands, full-text index',
    sql: (d) => `
      ${d.fullText.setup}
      CREATE TABLE stories (
        id ${d.id},
        title TEXT,
        created_at ${d.key} NOT NULL
      );
      CREATE TABLE articles (
        id ${d.id},
        url TEXT NOT NULL,
        canonical_url ${d.key} NOT NULL UNIQUE,
        content_hash ${d.key} NOT NULL,
        story_id ${d.ref} NOT NULL REFERENCES stories(id),
        site ${d.key},
        title TEXT,
        byline TEXT,
        published_at ${d.key},
        published_at_source TEXT,
        language ${d.key},
        text TEXT NOT NULL,
        excerpt TEXT,
        minhash ${d.blob},
        ingested_at ${d.key} NOT NULL,
        updated_at ${d.key} NOT NULL${d.fullText.articlesColumn}
      );
      CREATE INDEX articles_content_hash ON articles(content_hash);
      CREATE INDEX articles_story ON articles(story_id);
      CREATE INDEX articles_published ON articles(published_at);
      CREATE INDEX articles_site ON articles(site);
      ${d.fullText.index}
      -- Every URL an article was seen at: the same wire copy at ten outlets is one article with ten sources.
      CREATE TABLE article_sources (
        id ${d.id},
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        canonical_url ${d.key} NOT NULL UNIQUE,
        site ${d.key},
        via TEXT NOT NULL,
        seen_at ${d.key} NOT NULL
      );
      CREATE INDEX article_sources_article ON article_sources(article_id);
      CREATE TABLE article_bands (
        band ${d.key} NOT NULL,
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      )${d.withoutRowid};
      CREATE INDEX article_bands_article ON article_bands(article_id);
    `,
  },
  {
    version: 2,
    name: 'durable jobs, failures, feeds',
    sql: (d) => `
      CREATE TABLE jobs (
        id ${d.id},
        kind TEXT NOT NULL,
        key ${d.key} NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL DEFAULT 4,
        progress INTEGER NOT NULL DEFAULT 0,
        batch ${d.key},
        run_after ${d.time} NOT NULL${d.defaultNow},
        locked_by ${d.key},
        locked_until ${d.time},
        last_error TEXT,
        error_code TEXT,
        result TEXT,
        created_at ${d.time} NOT NULL${d.defaultNow},
        updated_at ${d.time} NOT NULL${d.defaultNow},
        finished_at ${d.time}
      );
      CREATE INDEX jobs_runnable ON jobs(status, run_after);
      CREATE INDEX jobs_batch ON jobs(batch, status);
      ${d.only('postgres', "CREATE INDEX jobs_locked_by ON jobs(locked_by) WHERE status = 'running';")}

      CREATE TABLE failures (
        id ${d.id},
        key ${d.key} NOT NULL UNIQUE,
        "where" TEXT NOT NULL,
        code ${d.key} NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        hint TEXT,
        job_id ${d.ref},
        at ${d.key} NOT NULL
      );
      CREATE INDEX failures_code ON failures(code);
      ${d.only('postgres', 'CREATE INDEX failures_job ON failures(job_id);')}

      CREATE TABLE feeds (
        id ${d.id},
        url ${d.key} NOT NULL UNIQUE,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_polled_at ${d.key},
        last_status TEXT,
        last_error TEXT,
        last_new_items INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        created_at ${d.key} NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'analyses and entity mentions',
    sql: (d) => `
      -- One analysis per article, as the pipeline produced it. versions_key lists each stage's version,
      -- so the articles a model change made stale are one indexed comparison away. The analysis is the JSON
      -- text the pipeline produced (PostgreSQL's jsonb would reorder keys and refuse \\u0000).
      CREATE TABLE analyses (
        article_id ${d.ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        schema_version INTEGER NOT NULL,
        versions_key ${d.key} NOT NULL,
        text_sha256 TEXT NOT NULL,
        analysis TEXT NOT NULL,
        analyzed_at ${d.key} NOT NULL
      );
      CREATE INDEX analyses_versions ON analyses(versions_key);
      -- Mentions apart from the JSON so search facets and entity pages can query them.
      CREATE TABLE entity_mentions (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type ${d.key} NOT NULL,
        text TEXT NOT NULL,
        norm ${d.key} NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX entity_mentions_norm ON entity_mentions(type, norm);
    `,
  },
  {
    version: 4,
    name: 'actor mentions',
    sql: (d) => `
      -- Which actors each article mentions, where and how, for actor pages, facets and the actor graph.
      CREATE TABLE actor_mentions (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        actor_id ${d.key} NOT NULL,
        name ${d.key} NOT NULL,
        kind ${d.key} NOT NULL,
        codes ${d.key} NOT NULL,
        via TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);
    `,
  },
  {
    version: 5,
    name: 'place mentions and events',
    sql: (d) => `
      -- Where each article's places are, for place pages, the map and place:/country: search.
      CREATE TABLE place_mentions (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        place_id ${d.key},
        geonameid INTEGER,
        name ${d.key},
        norm ${d.key} NOT NULL,
        country ${d.key},
        admin1 ${d.key},
        fcode ${d.key},
        lat ${d.real},
        lon ${d.real},
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX place_mentions_place ON place_mentions(place_id);
      CREATE INDEX place_mentions_norm ON place_mentions(norm);
      CREATE INDEX place_mentions_country ON place_mentions(country);
      -- Coded events, one row each, with their place and date resolved, for event lists, timelines and maps.
      CREATE TABLE events (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type ${d.key} NOT NULL,
        mode TEXT,
        cameo TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein ${d.real} NOT NULL,
        date ${d.key},
        date_precision TEXT,
        place_id ${d.key},
        place_name TEXT,
        country ${d.key},
        lat ${d.real},
        lon ${d.real},
        negated ${d.flag} NOT NULL,
        intended ${d.flag} NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX events_type_date ON events(type, date);
      CREATE INDEX events_date ON events(date);
      -- SQLite got its events_place in migration 7, with the event type.
      ${d.only('postgres', 'CREATE INDEX events_place ON events(place_id);')}
      -- Who took part in each event, for the actor graph and actor pages.
      CREATE TABLE event_actors (
        article_id ${d.ref} NOT NULL,
        event_idx INTEGER NOT NULL,
        role ${d.key} NOT NULL CHECK (role IN ('source', 'target')),
        actor_id ${d.key} NOT NULL,
        name ${d.key} NOT NULL,
        codes ${d.key} NOT NULL,
        PRIMARY KEY (article_id, event_idx, role, actor_id),
        FOREIGN KEY (article_id, event_idx) REFERENCES events(article_id, idx) ON DELETE CASCADE
      );
      CREATE INDEX event_actors_actor ON event_actors(actor_id);
    `,
  },
  {
    version: 6,
    name: 'quotes and claims',
    sql: (d) => `
      -- Quotes and numeric claims apart from the JSON, for /api/quotes and /api/claims. Written with each
      -- analysis from now on; a store analysed before this migration has them empty until
      -- \`watchfloor reanalyze --all\` redoes its analyses (as with place_mentions and events in migration 5).
      -- published_at is the article's, copied so a list is read newest first from an index, not sorted.
      CREATE TABLE quotes (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        published_at ${d.key},
        text TEXT NOT NULL,
        speaker_actor_id ${d.key},
        speaker_name TEXT,
        speaker_codes ${d.key} NOT NULL,
        speaker_text TEXT,
        cue TEXT,
        partial ${d.flag} NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX quotes_published ON quotes(published_at, article_id);
      CREATE INDEX quotes_speaker ON quotes(speaker_actor_id, published_at);
      CREATE TABLE claims (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        published_at ${d.key},
        kind ${d.key} NOT NULL,
        value ${d.real},
        value_max ${d.real},
        qualifier TEXT NOT NULL,
        unit TEXT,
        cue TEXT,
        text TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence ${d.real} NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX claims_published ON claims(published_at, article_id);
      CREATE INDEX claims_kind ON claims(kind, published_at);
    `,
  },
  {
    version: 7,
    name: 'facet rows per article, counts per actor',
    // SQLite only for now: the PostgreSQL store computes facets and actor pages from the mention rows. When
    // one store implementation writes these tables on both engines, a new migration creates and fills them
    // on PostgreSQL (this backfill's sum(x.role = 'source') and negated = 0 need its dialect there).
    sql: (d) =>
      d.only(
        'sqlite',
        `
      -- Summaries of the mention and event rows, kept with them by every analysis save, so the hot reads
      -- touch a few rows: search facets count one index range per hit instead of joining every mention of
      -- the best results, and an actor page reads counters and its newest articles from an index instead of
      -- aggregating every mention of a frequent actor (npm run bench -- serve).
      -- One row per article and actor, place, country or event type it has; n is mentions (actor, place,
      -- country) or non-negated events (type).
      CREATE TABLE article_facets (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('actor', 'place', 'country', 'type')),
        value TEXT NOT NULL,
        label TEXT,
        n INTEGER NOT NULL,
        published_at TEXT,
        PRIMARY KEY (article_id, kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX article_facets_value ON article_facets(kind, value, published_at, article_id, n);
      -- Place pages count a place's events by type.
      CREATE INDEX events_place ON events(place_id, type);
      CREATE TABLE actor_counts (
        actor_id TEXT PRIMARY KEY,
        mentions INTEGER NOT NULL,
        articles INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- Non-negated events by type and the actor's role in them.
      CREATE TABLE actor_event_counts (
        actor_id TEXT NOT NULL,
        type TEXT NOT NULL,
        role TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, type, role)
      ) WITHOUT ROWID;
      -- Non-negated events between two actors: acts_on counts those where actor_id is a source and
      -- partner_id a target, acted_on_by the reverse.
      CREATE TABLE actor_partners (
        actor_id TEXT NOT NULL,
        partner_id TEXT NOT NULL,
        name TEXT NOT NULL,
        acts_on INTEGER NOT NULL,
        acted_on_by INTEGER NOT NULL,
        PRIMARY KEY (actor_id, partner_id)
      ) WITHOUT ROWID;

      -- Filled from the rows already stored, so an upgraded store answers as a fresh one.
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT m.article_id, 'actor', m.actor_id, max(m.name), count(*), a.published_at
        FROM actor_mentions m JOIN articles a ON a.id = m.article_id GROUP BY m.article_id, m.actor_id;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT p.article_id, 'place', p.place_id, max(p.name), count(*), a.published_at
        FROM place_mentions p JOIN articles a ON a.id = p.article_id WHERE p.place_id IS NOT NULL
        GROUP BY p.article_id, p.place_id;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT p.article_id, 'country', p.country, p.country, count(*), a.published_at
        FROM place_mentions p JOIN articles a ON a.id = p.article_id WHERE p.country IS NOT NULL
        GROUP BY p.article_id, p.country;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT v.article_id, 'type', v.type, v.type, count(*), a.published_at
        FROM events v JOIN articles a ON a.id = v.article_id WHERE v.negated = 0 GROUP BY v.article_id, v.type;
      INSERT INTO actor_counts (actor_id, mentions, articles)
        SELECT value, sum(n), count(*) FROM article_facets WHERE kind = 'actor' GROUP BY value;
      INSERT INTO actor_event_counts (actor_id, type, role, n)
        SELECT x.actor_id, v.type, x.role, count(*) FROM event_actors x
        JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
        WHERE v.negated = 0 GROUP BY x.actor_id, v.type, x.role;
      INSERT INTO actor_partners (actor_id, partner_id, name, acts_on, acted_on_by)
        SELECT x.actor_id, o.actor_id, max(o.name), sum(x.role = 'source'), sum(x.role = 'target')
        FROM event_actors x JOIN event_actors o ON o.article_id = x.article_id AND o.event_idx = x.event_idx
          AND o.role != x.role
        JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
        WHERE v.negated = 0 AND o.actor_id != x.actor_id GROUP BY x.actor_id, o.actor_id;
    `,
      ),
  },
  {
    version: 8,
    name: 'summary tables on PostgreSQL',
    // Migration 7's tables on PostgreSQL, now that one store writes and reads them on both engines
    // (src/store/summaries.ts, src/store/pages.ts); SQLite has them already. The newest articles of an actor
    // or place are read newest first with undated ones last, as SQLite's descending order puts them: its
    // index says so on PostgreSQL. Place pages count a place's events by type, as SQLite's events_place does.
    sql: (d) =>
      d.only(
        'postgres',
        `
      CREATE TABLE article_facets (
        article_id ${d.ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind ${d.key} NOT NULL CHECK (kind IN ('actor', 'place', 'country', 'type')),
        value ${d.key} NOT NULL,
        label TEXT,
        n INTEGER NOT NULL,
        published_at ${d.key},
        PRIMARY KEY (article_id, kind, value)
      );
      CREATE INDEX article_facets_value
        ON article_facets(kind, value, published_at DESC NULLS LAST, article_id DESC, n);
      DROP INDEX events_place;
      CREATE INDEX events_place ON events(place_id, type);
      CREATE TABLE actor_counts (
        actor_id ${d.key} PRIMARY KEY,
        mentions INTEGER NOT NULL,
        articles INTEGER NOT NULL
      );
      CREATE TABLE actor_event_counts (
        actor_id ${d.key} NOT NULL,
        type ${d.key} NOT NULL,
        role ${d.key} NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (actor_id, type, role)
      );
      CREATE TABLE actor_partners (
        actor_id ${d.key} NOT NULL,
        partner_id ${d.key} NOT NULL,
        name TEXT NOT NULL,
        acts_on INTEGER NOT NULL,
        acted_on_by INTEGER NOT NULL,
        PRIMARY KEY (actor_id, partner_id)
      );

      -- Filled from the rows already stored, so an upgraded store answers as a fresh one.
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT m.article_id, 'actor', m.actor_id, max(m.name), count(*), max(a.published_at)
        FROM actor_mentions m JOIN articles a ON a.id = m.article_id GROUP BY m.article_id, m.actor_id;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT p.article_id, 'place', p.place_id, max(p.name), count(*), max(a.published_at)
        FROM place_mentions p JOIN articles a ON a.id = p.article_id WHERE p.place_id IS NOT NULL
        GROUP BY p.article_id, p.place_id;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT p.article_id, 'country', p.country, p.country, count(*), max(a.published_at)
        FROM place_mentions p JOIN articles a ON a.id = p.article_id WHERE p.country IS NOT NULL
        GROUP BY p.article_id, p.country;
      INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
        SELECT v.article_id, 'type', v.type, v.type, count(*), max(a.published_at)
        FROM events v JOIN articles a ON a.id = v.article_id WHERE NOT v.negated GROUP BY v.article_id, v.type;
      INSERT INTO actor_counts (actor_id, mentions, articles)
        SELECT value, sum(n), count(*) FROM article_facets WHERE kind = 'actor' GROUP BY value;
      INSERT INTO actor_event_counts (actor_id, type, role, n)
        SELECT x.actor_id, v.type, x.role, count(*) FROM event_actors x
        JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
        WHERE NOT v.negated GROUP BY x.actor_id, v.type, x.role;
      INSERT INTO actor_partners (actor_id, partner_id, name, acts_on, acted_on_by)
        SELECT x.actor_id, o.actor_id, max(o.name), sum(CASE WHEN x.role = 'source' THEN 1 ELSE 0 END),
          sum(CASE WHEN x.role = 'target' THEN 1 ELSE 0 END)
        FROM event_actors x JOIN event_actors o ON o.article_id = x.article_id AND o.event_idx = x.event_idx
          AND o.role != x.role
        JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
        WHERE NOT v.negated AND o.actor_id != x.actor_id GROUP BY x.actor_id, o.actor_id;
    `,
      ),
  },
  {
    version: 9,
    name: 'search language: folded Arabic script, stemmed and exact full-text indexes',
    // Issue 18 part 5 and issue 20 part 3 (src/store/search-language.ts, docs/LANGUAGES.md). Both engines
    // index the title and text folded (INDEX_FOLD: Arabic and Persian letter variants, marks, tatweel,
    // zero-width non-joiners, digits; the stored text is unchanged) twice: stemmed, as before, for unquoted
    // words, and exact (no stemmer) for quoted phrases. FTS5 also counts combining marks (Mn) as word
    // characters, as PostgreSQL's parser does: "جدًا" was two words, "جد" and "ا". The indexes of existing
    // rows are rebuilt here, so an upgraded store searches as a fresh one. The fold is generated from the
    // table in src/understand/language/normalize.ts: changing that table needs a new migration like this one.
    sql: (d) =>
      d.engine === 'sqlite'
        ? `
      DROP TRIGGER articles_fts_insert;
      DROP TRIGGER articles_fts_delete;
      DROP TRIGGER articles_fts_update;
      DROP TABLE articles_fts;
      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2 categories ''L* N* Co Mn'''
      );
      CREATE VIRTUAL TABLE articles_fts_exact USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2 categories ''L* N* Co Mn'''
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text)
          VALUES (new.id, ${sqliteFold('new.title')}, ${sqliteFold('new.text')});
        INSERT INTO articles_fts_exact(rowid, title, text)
          VALUES (new.id, ${sqliteFold('new.title')}, ${sqliteFold('new.text')});
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
          VALUES ('delete', old.id, ${sqliteFold('old.title')}, ${sqliteFold('old.text')});
        INSERT INTO articles_fts_exact(articles_fts_exact, rowid, title, text)
          VALUES ('delete', old.id, ${sqliteFold('old.title')}, ${sqliteFold('old.text')});
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
          VALUES ('delete', old.id, ${sqliteFold('old.title')}, ${sqliteFold('old.text')});
        INSERT INTO articles_fts_exact(articles_fts_exact, rowid, title, text)
          VALUES ('delete', old.id, ${sqliteFold('old.title')}, ${sqliteFold('old.text')});
        INSERT INTO articles_fts(rowid, title, text)
          VALUES (new.id, ${sqliteFold('new.title')}, ${sqliteFold('new.text')});
        INSERT INTO articles_fts_exact(rowid, title, text)
          VALUES (new.id, ${sqliteFold('new.title')}, ${sqliteFold('new.text')});
      END;
      INSERT INTO articles_fts(rowid, title, text)
        SELECT id, ${sqliteFold('title')}, ${sqliteFold('text')} FROM articles;
      INSERT INTO articles_fts_exact(rowid, title, text)
        SELECT id, ${sqliteFold('title')}, ${sqliteFold('text')} FROM articles;
    `
        : `
      -- The stemmed configuration stems with Snowball's Porter, the algorithm of SQLite's porter tokenizer,
      -- rather than migration 1's Snowball English (Porter2): on the demo corpus's 5,000 commonest words
      -- the two engines then group 4,997 alike instead of 4,864 (docs/LANGUAGES.md, "Search"). The exact
      -- configuration is the same without a stemmer (the simple dictionary only lower-cases). Both keep
      -- unaccent where migration 1 could install it.
      CREATE TEXT SEARCH DICTIONARY watchfloor_porter (TEMPLATE = snowball, Language = porter);
      CREATE TEXT SEARCH CONFIGURATION watchfloor_exact (COPY = pg_catalog.simple);
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent') THEN
          ALTER TEXT SEARCH CONFIGURATION watchfloor ALTER MAPPING
            FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, watchfloor_porter;
          ALTER TEXT SEARCH CONFIGURATION watchfloor_exact ALTER MAPPING
            FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
        ELSE
          ALTER TEXT SEARCH CONFIGURATION watchfloor ALTER MAPPING
            FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH watchfloor_porter;
        END IF;
      END $$;
      -- A generated column's expression cannot be altered: dropped (with its index) and added again, which
      -- computes it for every existing row.
      ALTER TABLE articles DROP COLUMN tsv;
      ALTER TABLE articles
        ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('watchfloor', ${postgresFold("translate(coalesce(title, ''), '<>', '  ')")}), 'A') ||
          setweight(to_tsvector('watchfloor', ${postgresFold("translate(left(text, 1000000), '<>', '  ')")}), 'B')
        ) STORED,
        ADD COLUMN tsv_exact tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('watchfloor_exact', ${postgresFold("translate(coalesce(title, ''), '<>', '  ')")}), 'A') ||
          setweight(to_tsvector('watchfloor_exact', ${postgresFold("translate(left(text, 1000000), '<>', '  ')")}), 'B')
        ) STORED;
      CREATE INDEX articles_tsv ON articles USING gin (tsv);
      CREATE INDEX articles_tsv_exact ON articles USING gin (tsv_exact);
    `,
  },
];
