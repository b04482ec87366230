package dev.sibyl.server.trial;

import java.util.Map;

/** Body of {@code POST /experiments/{id}/trials}: NNI's customized trial, the parameters chosen by hand. */
public record CustomizedTrialRequest(Map<String, Object> parameters) {}
