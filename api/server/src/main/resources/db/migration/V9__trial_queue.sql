-- The waiting trials' places and reasons as of the scheduler's last pass, published by the replica holding the
-- scheduler lease so every replica answers GET …/trials/{id} and GET /api/v1/pools/{p}/queue the same way.
-- pools: the pools the trial may run in; empty means any pool its tenant may use.
create table trial_queue (
    experiment_id varchar(8) not null references experiments (id) on delete cascade,
    trial_id      text not null,
    tenant        text not null,
    position      integer not null,
    reason        text not null,
    pools         text[] not null default '{}',
    primary key (experiment_id, trial_id)
);
create index trial_queue_position on trial_queue (position);
