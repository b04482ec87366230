-- The scheduler reads, every pass, the latest runtimes of the ended trials of each experiment with waiting trials
-- (runtime estimates, ADR 0030): index them by experiment and end so it reads only those, newest first.
create index trials_ended_by_experiment on trials (experiment_id, ended_at desc)
    where status in ('SUCCEEDED', 'FAILED', 'EARLY_STOPPED');
