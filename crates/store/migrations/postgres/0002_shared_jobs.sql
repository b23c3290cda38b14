-- Jobs created through the HTTP API (`riptide serve --db`): the API's own id,
-- owner, kind and specification sit beside the workers' settings (`config`),
-- and a job's state uses the API's names: running, completed, failed, cancelled.
-- Workers claim URLs of running jobs only, so a cancelled job stops everywhere.

ALTER TABLE jobs
    ADD COLUMN public_id TEXT UNIQUE,
    ADD COLUMN owner     TEXT NOT NULL DEFAULT '',
    ADD COLUMN kind      TEXT NOT NULL DEFAULT 'crawl',
    ADD COLUMN spec      TEXT NOT NULL DEFAULT '',
    ADD COLUMN error     TEXT;

UPDATE jobs SET state = 'completed' WHERE state = 'done';
UPDATE jobs SET error = config ->> 'error', config = config - 'error' WHERE config ? 'error';

CREATE INDEX jobs_owner ON jobs (owner, state);

-- A host's own politeness delay (robots.txt Crawl-delay), noted by the first
-- worker that reads it, so that every worker spaces its requests there.
ALTER TABLE hosts ADD COLUMN crawl_delay_ms BIGINT NOT NULL DEFAULT 0;
