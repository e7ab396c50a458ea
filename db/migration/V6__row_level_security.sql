-- Defence in depth for tenant isolation. Every query already filters on the tenant; in addition, API requests run
-- as the role hijackwatch_tenant with the setting hijackwatch.tenant_id set to the caller's tenant, and the policies
-- below make every other tenant's rows invisible and unwritable to that role, so a forgotten filter returns nothing
-- foreign. Work that spans tenants (claiming due sources and notifications, authenticating a key, the operator's
-- tenant administration) runs as the service's own role, which owns the tables and is not subject to the policies.
--
-- Creating the role needs CREATEROLE. Where the service's database user lacks it, the role is not made, the service
-- logs that row-level security is not in force, and isolation rests on the tenant filters alone.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hijackwatch_tenant') THEN
        CREATE ROLE hijackwatch_tenant NOLOGIN;
    END IF;
    EXECUTE format('GRANT hijackwatch_tenant TO %I', current_user);
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'The role hijackwatch_tenant could not be made or granted; row-level security is not in force.';
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hijackwatch_tenant') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO hijackwatch_tenant', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO hijackwatch_tenant',
                       current_schema());
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO hijackwatch_tenant', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES '
                       'TO hijackwatch_tenant', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO hijackwatch_tenant',
                       current_schema());
    END IF;
END
$$;

-- The tenant a request runs for; unset or empty matches nothing.
CREATE FUNCTION hijackwatch_current_tenant() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('hijackwatch.tenant_id', true), '')::bigint $$;

ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON tenant USING (id = hijackwatch_current_tenant());

DO $$
DECLARE
    scoped record;
BEGIN
    FOR scoped IN
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', scoped.table_name);
        EXECUTE format('CREATE POLICY tenant_rows ON %I USING (tenant_id = hijackwatch_current_tenant())',
                       scoped.table_name);
    END LOOP;
END
$$;
