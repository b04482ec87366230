-- Tenancy: people, memberships, service accounts, invitations, token scopes, quotas, and row-level security
-- as a second wall behind the application's own tenant filter.

alter table tenants add column status varchar(16) not null default 'active'
    check (status in ('active', 'suspended'));

create table users (
    id              bigint primary key,
    subject         text not null unique,            -- the identity provider's "sub"
    email           text,
    name            text,
    platform_admin  boolean not null default false,
    created_at      timestamptz not null default now(),
    last_seen_at    timestamptz
);
create sequence users_seq start with 1 increment by 50;

create table memberships (
    id          bigint primary key,
    tenant_id   bigint not null references tenants (id),
    user_id     bigint not null references users (id),
    role        varchar(16) not null check (role in ('owner', 'admin', 'member', 'viewer')),
    created_at  timestamptz not null default now(),
    unique (tenant_id, user_id)
);
create sequence memberships_seq start with 1 increment by 50;
create index memberships_user on memberships (user_id);

create table service_accounts (
    id           bigint primary key,
    tenant_id    bigint not null references tenants (id),
    name         text not null,
    role         varchar(16) not null check (role in ('admin', 'member', 'viewer')),
    created_at   timestamptz not null default now(),
    disabled_at  timestamptz,
    unique (tenant_id, name)
);
create sequence service_accounts_seq start with 1 increment by 50;

create table invitations (
    id           bigint primary key,
    tenant_id    bigint not null references tenants (id),
    email        text not null,
    role         varchar(16) not null check (role in ('owner', 'admin', 'member', 'viewer')),
    token_hash   char(64) not null unique,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    accepted_at  timestamptz,
    accepted_by  bigint references users (id)
);
create sequence invitations_seq start with 1 increment by 50;

-- A token acts for its owner: a user (its role is the user's membership role, read on every request), a
-- service account (its role), or nobody (the bootstrap token: api_tokens.role). Scopes narrow it further.
alter table api_tokens add column user_id bigint references users (id);
alter table api_tokens add column service_account_id bigint references service_accounts (id);
alter table api_tokens add column scopes text not null default 'experiments:read experiments:write plugins:write admin';
alter table api_tokens add column platform_admin boolean not null default false;
alter table api_tokens add column last_used_address text;
alter table api_tokens alter column role type varchar(16);
update api_tokens set role = 'owner' where role = 'admin';
alter table api_tokens add constraint api_tokens_role check (role in ('owner', 'admin', 'member', 'viewer'));
alter table api_tokens add constraint api_tokens_one_owner check (user_id is null or service_account_id is null);

-- Quotas as data (the scheduler reads the same rows). Null: unlimited.
create table tenant_quotas (
    tenant_id                 bigint primary key references tenants (id),
    max_concurrent_gpus       integer check (max_concurrent_gpus >= 0),
    max_concurrent_trials     integer check (max_concurrent_trials >= 0),
    max_running_experiments   integer check (max_running_experiments >= 0),
    max_plugin_storage_bytes  bigint check (max_plugin_storage_bytes >= 0),
    weight                    double precision not null default 1 check (weight > 0)
);
create table tenant_pool_quotas (
    tenant_id              bigint not null references tenants (id),
    pool                   varchar(63) not null,
    max_concurrent_gpus    integer check (max_concurrent_gpus >= 0),
    max_concurrent_trials  integer check (max_concurrent_trials >= 0),
    primary key (tenant_id, pool)
);

-- Row-level security. Requests for a tenant run as role sibyl_tenant with sibyl.tenant_id set (see
-- TenantConnectionScope); the policies below then hide every other tenant's rows even from a query that
-- forgot its tenant filter. Background work (the experiment drivers, the metric writer) runs as the owning
-- role, which row-level security does not restrict.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'sibyl_tenant') then
        create role sibyl_tenant nologin;
    end if;
end
$$;
do $$
begin
    execute format('grant sibyl_tenant to %I', current_user);
exception when others then
    null; -- a superuser may already switch to any role
end
$$;
grant usage on schema public to sibyl_tenant;
grant select, insert, update, delete on all tables in schema public to sibyl_tenant;
grant usage, select on all sequences in schema public to sibyl_tenant;
alter default privileges in schema public grant select, insert, update, delete on tables to sibyl_tenant;
alter default privileges in schema public grant usage, select on sequences to sibyl_tenant;

create function sibyl_request_tenant() returns bigint language sql stable as
    $$ select nullif(current_setting('sibyl.tenant_id', true), '')::bigint $$;

alter table experiments enable row level security;
create policy tenant_rows on experiments using (tenant_id = sibyl_request_tenant());
alter table trials enable row level security;
create policy tenant_rows on trials using (tenant_id = sibyl_request_tenant());
alter table metrics enable row level security;
create policy tenant_rows on metrics using (tenant_id = sibyl_request_tenant());
alter table imported_data enable row level security;
create policy tenant_rows on imported_data using (tenant_id = sibyl_request_tenant());
alter table code_artifacts enable row level security;
create policy tenant_rows on code_artifacts using (tenant_id = sibyl_request_tenant());
alter table api_tokens enable row level security;
create policy tenant_rows on api_tokens using (tenant_id = sibyl_request_tenant());
alter table memberships enable row level security;
create policy tenant_rows on memberships using (tenant_id = sibyl_request_tenant());
alter table service_accounts enable row level security;
create policy tenant_rows on service_accounts using (tenant_id = sibyl_request_tenant());
alter table invitations enable row level security;
create policy tenant_rows on invitations using (tenant_id = sibyl_request_tenant());
alter table tenant_quotas enable row level security;
create policy tenant_rows on tenant_quotas using (tenant_id = sibyl_request_tenant());
alter table tenant_pool_quotas enable row level security;
create policy tenant_rows on tenant_pool_quotas using (tenant_id = sibyl_request_tenant());
