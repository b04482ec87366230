-- Imported results take parameter ids from the experiment's counter, as NNI's dispatcher numbers them, so the
-- tuner's history gives every observation a distinct id that survives restarts.
alter table imported_data add column parameter_id bigint;
