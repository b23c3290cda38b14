-- riptide's crawl state on PostgreSQL: many workers, one system of record.
-- Times are Unix milliseconds on the database's clock (riptide_now_ms), so
-- that workers on machines with skewed clocks still agree on leases.

CREATE FUNCTION riptide_now_ms() RETURNS bigint
    LANGUAGE sql VOLATILE
    AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;

CREATE TABLE jobs (
    id            BIGSERIAL PRIMARY KEY,
    -- The job's settings as the front that created it wrote them (opaque here).
    config        JSONB   NOT NULL,
    -- 'running' until the frontier is empty or the page limit is reached, then 'done'.
    state         TEXT    NOT NULL DEFAULT 'running',
    max_pages     BIGINT,
    -- The minimum time between two request starts on one host, across workers.
    host_delay_ms BIGINT  NOT NULL DEFAULT 0,
    -- Records written so far; also the last record's sequence number.
    pages         BIGINT  NOT NULL DEFAULT 0,
    created_ms    BIGINT  NOT NULL DEFAULT riptide_now_ms(),
    updated_ms    BIGINT  NOT NULL DEFAULT riptide_now_ms()
);
CREATE INDEX jobs_running ON jobs (state, id);

CREATE TABLE hosts (
    job             BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    host            TEXT   NOT NULL,
    -- The worker fetching from this host now, and until when its lease holds.
    lease_owner     TEXT,
    lease_expires   BIGINT NOT NULL DEFAULT 0,
    -- No other worker may start on the host before this time.
    next_allowed_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (job, host)
);

CREATE TABLE urls (
    id            BIGSERIAL PRIMARY KEY,
    job           BIGINT   NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    url           TEXT     NOT NULL,
    host          TEXT     NOT NULL,
    depth         INTEGER  NOT NULL,
    referrer      TEXT,
    priority      BIGINT   NOT NULL,
    -- 0 pending, 1 in flight (leased), 2 done, 3 skipped.
    state         SMALLINT NOT NULL DEFAULT 0,
    not_before    BIGINT   NOT NULL DEFAULT 0,
    attempts      INTEGER  NOT NULL DEFAULT 0,
    lease_owner   TEXT,
    lease_expires BIGINT   NOT NULL DEFAULT 0,
    reason        TEXT,
    UNIQUE (job, url)
);
CREATE INDEX urls_frontier ON urls (job, state, priority, id);
CREATE INDEX urls_host ON urls (job, host, state);

CREATE TABLE results (
    job    BIGINT  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq    BIGINT  NOT NULL,
    url_id BIGINT  NOT NULL UNIQUE REFERENCES urls (id) ON DELETE CASCADE,
    status INTEGER NOT NULL,
    failed BOOLEAN NOT NULL,
    record TEXT    NOT NULL,
    PRIMARY KEY (job, seq)
);

CREATE TABLE http_cache (
    job           BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    url           TEXT   NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    PRIMARY KEY (job, url)
);

CREATE TABLE meta (
    job   BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    key   TEXT   NOT NULL,
    value TEXT   NOT NULL,
    PRIMARY KEY (job, key)
);
