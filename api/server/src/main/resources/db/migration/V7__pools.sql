-- Pools of machines trials run on, and what the fair-share scheduler needs of tenants besides their weight: per pool a
-- nominal (guaranteed) share next to the existing ceiling (max_concurrent_*; borrowing = ceiling - nominal).
create table pools (
    name             varchar(63) primary key,
    kind             varchar(16) not null check (kind in ('local', 'remote', 'kubernetes', 'openpai')),
    machines         jsonb not null,
    allowed_tenants  jsonb not null default '[]',
    labels           jsonb not null default '{}',
    discovered       boolean not null default false,
    created_at       timestamptz not null default now()
);
alter table tenant_pool_quotas
    add column nominal_trials integer check (nominal_trials >= 0),
    add column nominal_gpus integer check (nominal_gpus >= 0);
-- Where the scheduler admitted a trial ({"pool":…,"machine":…,"gpus":[…]}); null while it waits for admission.
alter table trials add column placement jsonb;
-- A trial queued again after a preemption names the trial it replaces; it does not count against maxTrialNumber.
alter table trials add column requeued_from varchar(5);
create index trials_active on trials (status) where status in ('WAITING', 'RUNNING');
