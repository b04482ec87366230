-- How the server reaches a pool's machines (SSH addresses and credentials, a Kubernetes namespace, an OpenPAI
-- cluster), kind by kind; secrets inside are sealed by the server (sealed:v1:…), never stored in clear.
-- health: the last probe of each machine or namespace (reachable, GPUs seen, last error).
alter table pools
    add column connection jsonb not null default '{}',
    add column health jsonb not null default '{}';
