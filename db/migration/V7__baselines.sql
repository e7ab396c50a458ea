-- Learned baselines for the detectors in code (see docs/baselines.md). Numbered after V6, which main applied first,
-- so that a database already at V6 takes it in order; it declares its own row-level security policies.

-- One row per Twilio message, updated in place: a later record of the same sid carries the price, the segments and
-- the final status that the first one lacked. The hourly aggregates below change by the difference.
CREATE TABLE sms_message (
    tenant_id   bigint      NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    sid         text        NOT NULL,
    account     text        NOT NULL,
    direction   text        NOT NULL,
    destination text,
    country     text        NOT NULL,
    number_type text        NOT NULL,
    prefix      text        NOT NULL,
    status      text,
    error_code  text,
    segments    integer     NOT NULL,
    price       numeric(18, 6),
    price_unit  text,
    created     timestamptz NOT NULL,
    sent        timestamptz,
    updated     timestamptz,
    PRIMARY KEY (tenant_id, sid)
);

CREATE INDEX sms_message_by_prefix ON sms_message (tenant_id, account, prefix, created);
CREATE INDEX sms_message_by_time ON sms_message (tenant_id, account, created);

-- Hourly aggregates per tenant, account, series (account, country, prefix, channel) and key within the series.
CREATE TABLE baseline_hour (
    tenant_id      bigint         NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    account        text           NOT NULL,
    series         text           NOT NULL,
    series_key     text           NOT NULL,
    hour           timestamptz    NOT NULL,
    messages       bigint         NOT NULL DEFAULT 0,
    segments       bigint         NOT NULL DEFAULT 0,
    failures       bigint         NOT NULL DEFAULT 0,
    blocked        bigint         NOT NULL DEFAULT 0,
    premium        bigint         NOT NULL DEFAULT 0,
    bounces        bigint         NOT NULL DEFAULT 0,
    complaints     bigint         NOT NULL DEFAULT 0,
    cost           numeric(18, 6) NOT NULL DEFAULT 0,
    priced_segments bigint        NOT NULL DEFAULT 0,
    numbers        bigint         NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, account, series, series_key, hour)
);

CREATE INDEX baseline_hour_by_hour ON baseline_hour (tenant_id, account, series, hour);

-- Destination countries that are never "new" for the SMS pumping detector; account '*' means the whole tenant.
CREATE TABLE sms_allowed_country (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    account   text   NOT NULL,
    country   text   NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    PRIMARY KEY (tenant_id, account, country)
);

-- Row-level security as for every tenant table (see V6): API requests see and write only their tenant's rows.
ALTER TABLE sms_message ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON sms_message USING (tenant_id = hijackwatch_current_tenant());
ALTER TABLE baseline_hour ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON baseline_hour USING (tenant_id = hijackwatch_current_tenant());
ALTER TABLE sms_allowed_country ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON sms_allowed_country USING (tenant_id = hijackwatch_current_tenant());
