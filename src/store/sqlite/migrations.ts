import type Database from 'better-sqlite3';

// Append-only: a shipped migration is never edited, a change is a new entry.
export const MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'articles, stories, sources, dedup bands, full-text index',
    sql: `
      CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        site TEXT,
        title TEXT,
        byline TEXT,
        published_at TEXT,
        published_at_source TEXT,
        language TEXT,
        text TEXT NOT NULL,
        excerpt TEXT,
        minhash BLOB,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX articles_content_hash ON articles(content_hash);
      CREATE INDEX articles_story ON articles(story_id);
      CREATE INDEX articles_published ON articles(published_at);
      CREATE INDEX articles_site ON articles(site);
      -- Every URL an article was seen at: the same wire copy at ten outlets is one article with ten sources.
      CREATE TABLE article_sources (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        site TEXT,
        via TEXT NOT NULL,
        seen_at TEXT NOT NULL
      );
      CREATE INDEX article_sources_article ON article_sources(article_id);
      CREATE TABLE article_bands (
        band TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_bands_article ON article_bands(article_id);

      CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
    `,
  },
  {
    version: 2,
    name: 'durable jobs, failures, feeds',
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL DEFAULT 4,
        progress INTEGER NOT NULL DEFAULT 0,
        batch TEXT,
        run_after TEXT NOT NULL,
        locked_by TEXT,
        locked_until TEXT,
        last_error TEXT,
        error_code TEXT,
        result TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX jobs_runnable ON jobs(status, run_after);
      CREATE INDEX jobs_batch ON jobs(batch, status);

      CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        "where" TEXT NOT NULL,
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        hint TEXT,
        job_id INTEGER,
        at TEXT NOT NULL
      );
      CREATE INDEX failures_code ON failures(code);

      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_polled_at TEXT,
        last_status TEXT,
        last_error TEXT,
        last_new_items INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'analyses and entity mentions',
    sql: `
      -- One analysis per article, as the pipeline produced it. versions_key lists each stage's version,
      -- so the articles a model change made stale are one indexed comparison away.
      CREATE TABLE analyses (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        schema_version INTEGER NOT NULL,
        versions_key TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        analysis TEXT NOT NULL,
        analyzed_at TEXT NOT NULL
      );
      CREATE INDEX analyses_versions ON analyses(versions_key);
      -- Mentions apart from the JSON so search facets and entity pages can query them.
      CREATE TABLE entity_mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        norm TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX entity_mentions_norm ON entity_mentions(type, norm);
    `,
  },
  {
    version: 4,
    name: 'actor mentions',
    sql: `
      -- Which actors each article mentions, where and how, for actor pages, facets and the actor graph.
      CREATE TABLE actor_mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        codes TEXT NOT NULL,
        via TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);
    `,
  },
  {
    version: 5,
    name: 'place mentions and events',
    sql: `
      -- Where each article's places are, for place pages, the map and place:/country: search.
      CREATE TABLE place_mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        place_id TEXT,
        geonameid INTEGER,
        name TEXT,
        norm TEXT NOT NULL,
        country TEXT,
        admin1 TEXT,
        fcode TEXT,
        lat REAL,
        lon REAL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX place_mentions_place ON place_mentions(place_id);
      CREATE INDEX place_mentions_norm ON place_mentions(norm);
      CREATE INDEX place_mentions_country ON place_mentions(country);
      -- Coded events, one row each, with their place and date resolved, for event lists, timelines and maps.
      CREATE TABLE events (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        cameo TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        date TEXT,
        date_precision TEXT,
        place_id TEXT,
        place_name TEXT,
        country TEXT,
        lat REAL,
        lon REAL,
        negated INTEGER NOT NULL,
        intended INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX events_type_date ON events(type, date);
      CREATE INDEX events_date ON events(date);
      -- Who took part in each event, for the actor graph and actor pages.
      CREATE TABLE event_actors (
        article_id INTEGER NOT NULL,
        event_idx INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        actor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        codes TEXT NOT NULL,
        PRIMARY KEY (article_id, event_idx, role, actor_id),
        FOREIGN KEY (article_id, event_idx) REFERENCES events(article_id, idx) ON DELETE CASCADE
      );
      CREATE INDEX event_actors_actor ON event_actors(actor_id);
    `,
  },
  {
    version: 6,
    name: 'quotes and claims',
    sql: `
      -- Quotes and numeric claims apart from the JSON, for /api/quotes and /api/claims. Written with each
      -- analysis from now on; a store analysed before this migration has them empty until
      -- \`watchfloor reanalyze --all\` redoes its analyses (as with place_mentions and events in migration 5).
      -- published_at is the article's, copied so a list is read newest first from an index, not sorted.
      CREATE TABLE quotes (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        published_at TEXT,
        text TEXT NOT NULL,
        speaker_actor_id TEXT,
        speaker_name TEXT,
        speaker_codes TEXT NOT NULL,
        speaker_text TEXT,
        cue TEXT,
        partial INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX quotes_published ON quotes(published_at, article_id);
      CREATE INDEX quotes_speaker ON quotes(speaker_actor_id, published_at);
      CREATE TABLE claims (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        published_at TEXT,
        kind TEXT NOT NULL,
        value REAL,
        value_max REAL,
        qualifier TEXT NOT NULL,
        unit TEXT,
        cue TEXT,
        text TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX claims_published ON claims(published_at, article_id);
      CREATE INDEX claims_kind ON claims(kind, published_at);
    `,
  },
  {
    version: 7,
    name: 'facet rows per article, counts per actor',
    sql: `
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
  },
];

export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
      (r) => r.version,
    ),
  );
  let count = 0;
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    count++;
  }
  return count;
}
