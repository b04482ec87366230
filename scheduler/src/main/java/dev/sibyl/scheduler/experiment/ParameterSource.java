package dev.sibyl.scheduler.experiment;

/** NNI's {@code parameter_source}: who chose a trial's parameters. */
public enum ParameterSource {
    ALGORITHM("algorithm"),
    CUSTOMIZED("customized"),
    RESUMED("resumed");

    private final String wire;

    ParameterSource(String wire) {
        this.wire = wire;
    }

    /** The lower-case form used in NNI parameter records. */
    public String wire() {
        return wire;
    }
}
