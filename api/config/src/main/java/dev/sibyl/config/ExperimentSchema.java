package dev.sibyl.config;

import dev.sibyl.config.Field.Kind;
import dev.sibyl.tuner.spi.Violation;
import java.util.List;
import java.util.Map;

/**
 * The top level of an NNI v2 config ({@code ExperimentConfig}), the algorithm sections and {@code
 * sharedStorage}, field by field in NNI's order. Training services are in {@link TrainingServiceSchema}.
 */
final class ExperimentSchema {
    static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warning", "error", "fatal");

    /** {@code tuner}, {@code assessor}, {@code advisor}; the built-in/custom rule is checked by the reader. */
    static final Section ALGORITHM = Section.of(
            Field.string("name"),
            Field.string("className"),
            Field.string("codeDirectory"),
            Field.of("classArgs", Kind.DICT));

    /** One entry of Sibyl's {@code objectives} (multi-objective search); the mode is checked by the reader. */
    static final Section OBJECTIVE =
            Section.of(Field.string("metric").required(), Field.string("mode").required());

    static final Section SHARED_STORAGE = Section.of(
                    Field.string("storageType").required().oneOf("NFS", "AzureBlob"),
                    Field.string("localMountPoint").required(),
                    Field.string("remoteMountPoint").required(),
                    Field.string("localMounted").required().oneOf("usermount", "nnimount", "nomount"),
                    Field.string("storageAccountName"),
                    Field.string("storageAccountKey"),
                    Field.string("containerName"),
                    Field.string("nfsServer"),
                    Field.string("exportedDirectory"))
            .withRule(ExperimentSchema::checkSharedStorage);

    static final Section TOP = Section.of(
            Field.string("experimentName"),
            Field.string("experimentType").oneOf("hpo").defaultTo("hpo"),
            Field.string("searchSpaceFile"),
            Field.of("searchSpace", Kind.ANY),
            Field.string("trialCommand"),
            Field.string("trialCodeDirectory").defaultTo("."),
            Field.integer("trialConcurrency").required().atLeast(1),
            Field.integer("trialGpuNumber").atLeast(0),
            Field.of("maxExperimentDuration", Kind.DURATION),
            Field.integer("maxTrialNumber").atLeast(1),
            Field.of("maxTrialDuration", Kind.DURATION),
            Field.string("nniManagerIp"),
            Field.bool("useAnnotation").defaultTo(false),
            Field.bool("debug").defaultTo(false),
            Field.string("logLevel").oneOf(LOG_LEVELS.toArray(String[]::new)),
            Field.string("experimentWorkingDirectory"),
            Field.of("tunerGpuIndices", Kind.GPU_INDICES),
            Field.section("tuner", ALGORITHM),
            Field.section("assessor", ALGORITHM),
            Field.section("advisor", ALGORITHM),
            Field.of("trainingService", Kind.ANY).required(),
            Field.section("sharedStorage", SHARED_STORAGE),
            Field.sectionList("objectives", OBJECTIVE));

    private ExperimentSchema() {}

    private static void checkSharedStorage(Map<String, Object> values, String path, List<Violation> out) {
        if ("NFS".equals(values.get("storageType"))) {
            TrainingServiceSchema.requireAll(values, path, out, "nfsServer", "exportedDirectory");
        } else {
            TrainingServiceSchema.requireAll(values, path, out, "storageAccountName", "containerName");
        }
    }
}
