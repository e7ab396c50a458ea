-- Tenants, their API keys, and the normalized events they send.

CREATE TABLE tenant (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Keys are random and stored only as their SHA-256 hash.
CREATE TABLE api_key (
    tenant_id  bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text        NOT NULL,
    key_hash   bytea       NOT NULL UNIQUE,
    role       text        NOT NULL CHECK (role IN ('admin', 'reader', 'ingest')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- One row per provider event, whatever the shape it arrived in. The provider's own event id makes ingestion
-- idempotent: a redelivered or re-posted event is recognized and not stored twice. The raw record is not kept.
CREATE TABLE event (
    tenant_id   bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    provider    text        NOT NULL,
    event_id    text        NOT NULL,
    account     text,
    region      text,
    event_time  timestamptz NOT NULL,
    service     text        NOT NULL,
    action      text        NOT NULL,
    principal   text,
    source_ip   text,
    user_agent  text,
    outcome     text        NOT NULL,
    error_code  text,
    resource    text,
    attributes  jsonb,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, provider, event_id)
);

CREATE INDEX event_by_account_and_time ON event (tenant_id, account, event_time);
