package dev.sibyl.server.experiment;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * The answer to creating an experiment: the {@link ExperimentView} fields plus what the config parser had to
 * say.
 *
 * @param warnings accepted but noteworthy things (dropped v1 fields, an ignored {@code searchSpace} part)
 * @param convertedFromV1 true when a v1 config was converted; {@code config} is then the v2 form
 */
public record CreatedExperiment(
        @JsonUnwrapped ExperimentView experiment, List<String> warnings, boolean convertedFromV1) {}
