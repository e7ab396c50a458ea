-- Pull sources: what a tenant registered for the service to fetch by itself, where its collector left off, how the
-- last polls went, and which replica holds it now. A replica claims a due source by taking its lease; every claim
-- raises lease_token, and a batch is stored only while the token is still the one its replica claimed with, so a
-- replica that lost the source (a long pause, a partition) can never store over the one that took it.

CREATE TABLE source (
    tenant_id            bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id                   bigint GENERATED ALWAYS AS IDENTITY,
    name                 text        NOT NULL,
    kind                 text        NOT NULL,
    settings             jsonb       NOT NULL,
    revision             bigint      NOT NULL DEFAULT 0,
    paused               boolean     NOT NULL DEFAULT false,
    cursor               jsonb,
    position             timestamptz,
    status               text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ok', 'retrying', 'failing')),
    last_error           text,
    last_success_at      timestamptz,
    next_poll_at         timestamptz NOT NULL DEFAULT now(),
    consecutive_failures integer     NOT NULL DEFAULT 0,
    events_total         bigint      NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    lease_owner          text,
    lease_expires_at     timestamptz,
    lease_token          bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (id),
    UNIQUE (tenant_id, name)
);

-- What the scheduler of every replica looks for: unpaused sources that are due.
CREATE INDEX source_due ON source (next_poll_at) WHERE NOT paused;

-- Records a collector could not read, newest kept per source.
CREATE TABLE source_rejection (
    tenant_id bigint      NOT NULL,
    source_id bigint      NOT NULL,
    id        bigint GENERATED ALWAYS AS IDENTITY,
    at        timestamptz NOT NULL DEFAULT now(),
    reason    text        NOT NULL,
    PRIMARY KEY (tenant_id, source_id, id),
    FOREIGN KEY (tenant_id, source_id) REFERENCES source (tenant_id, id) ON DELETE CASCADE
);
