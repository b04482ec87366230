-- A trial that ends while its experiment proposes more keeps its machine's share for that experiment until the
-- driver has queued what follows it (ADR 0032): the scheduler reads the holds every pass, so index only those.
alter table trials add column slot_held_since timestamptz;
create index trials_slot_held on trials (slot_held_since) where slot_held_since is not null;
