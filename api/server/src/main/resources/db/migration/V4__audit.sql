-- The audit trail: one row per state-changing API call, append-only, hash-chained per tenant.
create table audit_events (
    id              bigint primary key,
    tenant_id       bigint references tenants (id),   -- null: platform calls and calls naming no known tenant
    at              timestamptz not null,
    actor           text not null,                    -- user:3, service-account:5/token:12, token:1, anonymous
    token_id        bigint,
    action          text not null,                    -- experiments.create, tokens.delete, ...
    target          text not null,                    -- the path below the tenant: experiments/abc/stop
    method          varchar(8) not null,
    source_address  text,
    status          integer not null,
    outcome         varchar(16) not null check (outcome in ('succeeded', 'refused', 'failed')),
    prev_hash       char(64) not null,
    hash            char(64) not null
);
create sequence audit_events_seq start with 1 increment by 1;
create index audit_events_tenant on audit_events (tenant_id, id);

create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_events is append-only';
end
$$;
create trigger audit_append_only before update or delete or truncate on audit_events
    for each statement execute function audit_append_only();

alter table audit_events enable row level security;
create policy tenant_rows on audit_events using (tenant_id = sibyl_request_tenant());
revoke update, delete, truncate on audit_events from sibyl_tenant;
