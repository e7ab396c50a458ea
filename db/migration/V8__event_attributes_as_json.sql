-- Event attributes are stored as json (their text, checked) rather than jsonb. Ingestion writes every event and
-- nothing in the service queries attributes; converting each row to jsonb cost PostgreSQL about a fifth of its insert
-- time and took more space per row (docs/performance.md). Investigators still read them with -> and ->>, and can cast
-- to jsonb for containment queries. The rewrite of an existing table takes a lock for its duration: see the README's
-- upgrade notes.
ALTER TABLE event ALTER COLUMN attributes TYPE json USING attributes::json;
