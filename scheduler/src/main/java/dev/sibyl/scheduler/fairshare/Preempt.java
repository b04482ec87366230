package dev.sibyl.scheduler.fairshare;

/** Stop {@code trial} and put it back in the queue; {@code reason} is for humans. */
public record Preempt(RunningTrial trial, String reason) {}
