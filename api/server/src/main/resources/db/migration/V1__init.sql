-- Sibyl schema, first cut. Every tenant-owned row carries tenant_id from the start.

create table tenants (
    id          bigint primary key,
    slug        varchar(63) not null unique,
    name        text not null,
    created_at  timestamptz not null default now()
);
create sequence tenants_seq start with 1 increment by 50;

create table api_tokens (
    id            bigint primary key,
    tenant_id     bigint not null references tenants (id),
    name          text not null,
    token_prefix  varchar(16) not null,
    token_hash    char(64) not null unique,
    role          varchar(16) not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create sequence api_tokens_seq start with 1 increment by 50;
create index api_tokens_tenant on api_tokens (tenant_id);

create table code_artifacts (
    id            bigint primary key,
    tenant_id     bigint not null references tenants (id),
    sha256        char(64) not null,
    size_bytes    bigint not null,
    file_count    integer not null,
    storage_path  text not null,
    created_at    timestamptz not null default now(),
    unique (tenant_id, sha256)
);
create sequence code_artifacts_seq start with 1 increment by 50;

create table experiments (
    id                         varchar(8) primary key,
    tenant_id                  bigint not null references tenants (id),
    name                       text,
    status                     varchar(24) not null,
    message                    text,
    config                     jsonb not null,
    search_space               jsonb not null,
    trial_command              text not null,
    code_artifact_id           bigint references code_artifacts (id),
    trial_concurrency          integer not null check (trial_concurrency > 0),
    max_trial_number           integer check (max_trial_number > 0),
    max_experiment_duration_s  bigint,
    max_trial_duration_s       bigint,
    trial_gpu_number           integer,
    optimize_mode              varchar(8),
    tuner_seed                 bigint not null,
    exec_duration_ms           bigint not null default 0,
    next_sequence_id           bigint not null default 0,
    next_parameter_id          bigint not null default 0,
    created_at                 timestamptz not null default now(),
    started_at                 timestamptz,
    ended_at                   timestamptz,
    version                    bigint not null default 0
);
create index experiments_tenant_created on experiments (tenant_id, created_at desc);
create index experiments_active on experiments (status)
    where status in ('RUNNING', 'NO_MORE_TRIAL', 'TUNER_NO_MORE_TRIAL', 'STOPPING');

create table trials (
    id                bigint primary key,
    tenant_id         bigint not null references tenants (id),
    experiment_id     varchar(8) not null references experiments (id) on delete cascade,
    trial_id          varchar(5) not null,
    sequence_id       bigint not null,
    parameter_id      bigint,
    parameter_source  varchar(16) not null,
    parameters        jsonb not null,
    parameter_record  text not null,
    status            varchar(16) not null,
    submitted         boolean not null default false,
    cancel_as         varchar(16),
    message           text,
    created_at        timestamptz not null default now(),
    started_at        timestamptz,
    ended_at          timestamptz,
    metric_offset     bigint not null default 0,
    final_reward      double precision,
    unique (experiment_id, trial_id),
    unique (experiment_id, sequence_id)
);
create sequence trials_seq start with 1 increment by 50;
create index trials_experiment_status on trials (experiment_id, status);

-- Metric values are kept as the JSON text the trial sent (NNI allows NaN/Infinity, which jsonb rejects);
-- reward is the scalar extracted from it (number, or the "default" key of a dict), when there is one.
create table metrics (
    id             bigint generated always as identity primary key,
    tenant_id      bigint not null references tenants (id),
    experiment_id  varchar(8) not null references experiments (id) on delete cascade,
    trial_id       varchar(5) not null,
    parameter_id   bigint,
    type           varchar(12) not null check (type in ('FINAL', 'PERIODICAL')),
    sequence       integer not null,
    value          text not null,
    reward         double precision,
    created_at     timestamptz not null default now(),
    unique (experiment_id, trial_id, type, sequence)
);

create table imported_data (
    id             bigint generated always as identity primary key,
    tenant_id      bigint not null references tenants (id),
    experiment_id  varchar(8) not null references experiments (id) on delete cascade,
    parameters     jsonb not null,
    value          text not null,
    reward         double precision,
    created_at     timestamptz not null default now()
);
create index imported_data_experiment on imported_data (experiment_id, id);

-- Server-wide secrets (the HMAC key of per-trial channel tokens), created at first start.
create table server_keys (
    name        varchar(32) primary key,
    secret      bytea not null,
    created_at  timestamptz not null default now()
);
