-- Tenant plugins: JARs that passed the verifier, stored content-addressed (sha256) under sibyl.home/plugins.
create table plugins (
    id           bigint primary key,
    tenant_id    bigint not null references tenants (id),
    name         varchar(100) not null,
    version      varchar(50) not null,
    kind         varchar(16) not null check (kind in ('tuner', 'assessor')),
    sha256       char(64) not null,
    size_bytes   bigint not null,
    class_count  integer not null,
    created_at   timestamptz not null,
    created_by   text not null,
    unique (tenant_id, name, version)
);
create sequence plugins_seq start with 1 increment by 50;
alter table plugins enable row level security;
create policy tenant_rows on plugins using (tenant_id = sibyl_request_tenant());
