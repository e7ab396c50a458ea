-- What the stateful rules remember, per tenant: first-seen terms, recent event times and values per group,
-- sequences in progress, and when each account was first seen. Entries expire with their rule's window, in event
-- time. The version lets each replica know whether its cached copy of a tenant's state is current.

CREATE TABLE detection_state (
    tenant_id  bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    rule_id    text        NOT NULL,
    kind       text        NOT NULL,
    state_key  text        NOT NULL,
    payload    jsonb       NOT NULL,
    expires_at timestamptz,
    PRIMARY KEY (tenant_id, rule_id, kind, state_key)
);

CREATE INDEX detection_state_by_expiry ON detection_state (tenant_id, expires_at);

CREATE TABLE detection_state_version (
    tenant_id bigint PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,
    version   bigint NOT NULL
);

-- One row per incident: findings of a rule with the same dedup key within the rule's window update count and
-- last_seen instead of opening another alert.
CREATE TABLE alert (
    tenant_id  bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    rule_id    text        NOT NULL,
    dedup_key  text        NOT NULL,
    title      text        NOT NULL,
    severity   text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    technique  text        NOT NULL,
    provider   text        NOT NULL,
    account    text,
    region     text,
    principal  text,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    count      bigint      NOT NULL,
    status     text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved', 'suppressed')),
    summary    text        NOT NULL,
    evidence   jsonb       NOT NULL,
    runbook    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX alert_by_dedup_key ON alert (tenant_id, rule_id, dedup_key, first_seen DESC);

-- Rules a tenant has turned off (a row with enabled = false) or back on.
CREATE TABLE tenant_rule_setting (
    tenant_id  bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    rule_id    text        NOT NULL,
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, rule_id)
);

-- New alerts that match a suppression are stored as 'suppressed': kept for the record, not announced.
CREATE TABLE suppression (
    tenant_id  bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    rule_id    text,
    account    text,
    principal  text,
    reason     text        NOT NULL,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (rule_id IS NOT NULL OR account IS NOT NULL OR principal IS NOT NULL)
);
