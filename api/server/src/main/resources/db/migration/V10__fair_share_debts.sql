-- Each tenant's fair-share debt (ADR 0029) as the replica holding the scheduler lease last saved it, so after a
-- restart, or when another replica takes the lease, the scheduler goes on from it instead of from zero.
-- debt: the decayed average GPU share held beyond the tenant's weighted max-min share (negative: owed);
-- observed_at: the deciding replica's clock (ms since the epoch) at the snapshot the debts are as of.
create table fair_share_debts (
    tenant_slug varchar(63) primary key references tenants (slug) on delete cascade,
    debt        double precision not null,
    observed_at bigint not null
);
