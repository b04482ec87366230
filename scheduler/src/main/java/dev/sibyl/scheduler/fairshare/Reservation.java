package dev.sibyl.scheduler.fairshare;

/**
 * Resources on {@code machine} held back for the head-of-line {@code trial} that does not fit
 * yet; only trials that leave them free may use the machine meanwhile.
 *
 * @param expectedAt when the machine is expected to have room, estimated from running trials'
 *     progress
 */
public record Reservation(WaitingTrial trial, String pool, String machine, Resources held, long expectedAt) {}
