package dev.sibyl.scheduler.fairshare;

/** Where a pool's machines live; the core treats all kinds alike. */
public enum PoolKind {
    LOCAL,
    REMOTE,
    KUBERNETES,
    OPENPAI
}
