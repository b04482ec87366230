-- The name of the factory a plugin JAR serves, found by asking a sandboxed host at upload ("describe").
alter table plugins add column factory varchar(200);
