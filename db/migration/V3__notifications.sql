-- Where a tenant's alerts are announced: a Slack incoming webhook or a generic signed webhook, with routing filters.
-- The URL and the signing secrets are needed to send, so they are stored; the API never returns them after creation.
CREATE TABLE notification_channel (
    tenant_id              bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id                     bigint GENERATED ALWAYS AS IDENTITY,
    name                   text        NOT NULL,
    type                   text        NOT NULL CHECK (type IN ('slack', 'webhook')),
    url                    text        NOT NULL,
    min_severity           text        NOT NULL CHECK (min_severity IN ('low', 'medium', 'high', 'critical')),
    techniques             text[]      NOT NULL DEFAULT '{}',
    providers              text[]      NOT NULL DEFAULT '{}',
    accounts               text[]      NOT NULL DEFAULT '{}',
    events                 text[]      NOT NULL,
    escalate_at_count      bigint      NOT NULL,
    enabled                boolean     NOT NULL DEFAULT true,
    disabled_reason        text,
    secret                 text,
    previous_secret        text,
    previous_secret_until  timestamptz,
    -- No attempt to this channel starts before this time: one in flight at a time across replicas, the receiver's
    -- rate limit and its Retry-After.
    send_after             timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

-- The transactional outbox: a row per notification, written in the transaction that changed the alert.
CREATE TABLE notification_outbox (
    tenant_id        bigint      NOT NULL,
    id               bigint GENERATED ALWAYS AS IDENTITY,
    channel_id       bigint      NOT NULL,
    alert_id         bigint,
    message_id       text        NOT NULL UNIQUE,
    event_type       text        NOT NULL,
    data             jsonb       NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, channel_id) REFERENCES notification_channel (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX notification_outbox_due ON notification_outbox (tenant_id, channel_id, next_attempt_at)
    WHERE status = 'pending';

-- Every attempt, in order: what the receiver answered or why nothing was sent.
CREATE TABLE notification_attempt (
    tenant_id     bigint      NOT NULL,
    outbox_id     bigint      NOT NULL,
    attempt       integer     NOT NULL,
    started_at    timestamptz NOT NULL,
    status_code   integer,
    outcome       text        NOT NULL,
    error         text,
    PRIMARY KEY (tenant_id, outbox_id, attempt),
    FOREIGN KEY (tenant_id, outbox_id) REFERENCES notification_outbox (tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX notification_outbox_dead ON notification_outbox (tenant_id, channel_id) WHERE status = 'dead';
