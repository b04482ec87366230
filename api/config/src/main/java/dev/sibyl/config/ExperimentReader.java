package dev.sibyl.config;

import dev.sibyl.config.TrainingServiceSchema.Platform;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads one NNI v2 config mapping: the field schema first, then the rules that span fields (search space,
 * algorithms, training services), collecting every violation before failing. One instance per parse.
 */
final class ExperimentReader {
    private final SearchSpaceSource searchSpaceSource;
    private final Algorithms algorithms;
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> warnings;
    private Map<String, Object> raw = Map.of();
    private Map<String, Object> top = Map.of();
    private List<Objective> objectives = List.of();

    ExperimentReader(SearchSpaceSource searchSpaceSource, Algorithms algorithms, List<String> warnings) {
        this.searchSpaceSource = searchSpaceSource;
        this.algorithms = algorithms;
        this.warnings = warnings;
    }

    ParsedConfig read(Map<String, Object> config, boolean convertedFromV1) {
        raw = config;
        top = ExperimentSchema.TOP.read(config, "", violations);

        Object spaceJson = searchSpaceJson();
        SearchSpace space = null;
        if (spaceJson != null) {
            try {
                space = SearchSpace.parse(spaceJson, "searchSpace");
            } catch (InvalidInputException e) {
                violations.addAll(e.violations());
            }
        }

        objectives = objectives();

        String tunerPath = "tuner";
        Map<String, Object> tuner = section("tuner");
        if (given("advisor")) {
            if (given("tuner")) {
                violations.add(new Violation(
                        "advisor", "cannot be set together with tuner (advisor is deprecated; put it under tuner)"));
            } else {
                tuner = section("advisor");
                tunerPath = "advisor";
            }
        } else if (!given("tuner")) {
            violations.add(new Violation("tuner", "is not set"));
        }
        AlgorithmConfig tunerConfig = tuner == null ? null : algorithm(tuner, tunerPath, true, space);
        Map<String, Object> assessor = section("assessor");
        AlgorithmConfig assessorConfig = assessor == null ? null : algorithm(assessor, "assessor", false, space);

        List<Map<String, Object>> services = trainingServices();

        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }

        Map<String, Object> values = new LinkedHashMap<>(top);
        values.remove("searchSpaceFile");
        values.put("searchSpace", spaceJson);
        values.remove("advisor");
        values.put("tuner", tuner);
        values.put(
                "trainingService",
                services.size() == 1 && top.get("trainingService") instanceof Map ? services.get(0) : services);
        values.putIfAbsent("logLevel", Boolean.TRUE.equals(top.get("debug")) ? "debug" : "info");
        if (!objectives.isEmpty()) {
            values.put(
                    "objectives",
                    objectives.stream()
                            .map(o -> Map.<String, Object>of(
                                    "metric",
                                    o.metric(),
                                    "mode",
                                    o.mode().name().toLowerCase(java.util.Locale.ROOT)))
                            .toList());
        }
        Map<String, Object> canonical = ExperimentSchema.TOP.complete(values);

        List<TrainingServiceConfig> serviceConfigs = services.stream()
                .map(ts -> new TrainingServiceConfig((String) ts.get("platform"), ts))
                .toList();
        TrainingServiceConfig service = canonical.get("trainingService") instanceof List<?>
                ? new TrainingServiceConfig(TrainingServiceConfig.HYBRID, Map.of())
                : serviceConfigs.get(0);
        @SuppressWarnings("unchecked")
        List<Integer> tunerGpus = (List<Integer>) canonical.get("tunerGpuIndices");
        ExperimentConfig typed = new ExperimentConfig(
                (String) canonical.get("experimentName"),
                space,
                spaceJson,
                (String) canonical.get("trialCommand"),
                (String) canonical.get("trialCodeDirectory"),
                (Integer) canonical.get("trialConcurrency"),
                (Integer) canonical.get("trialGpuNumber"),
                duration(canonical, "maxExperimentDuration"),
                (Integer) canonical.get("maxTrialNumber"),
                duration(canonical, "maxTrialDuration"),
                tunerConfig,
                assessorConfig,
                service,
                serviceConfigs,
                (String) canonical.get("nniManagerIp"),
                Boolean.TRUE.equals(canonical.get("debug")),
                (String) canonical.get("logLevel"),
                (String) canonical.get("experimentWorkingDirectory"),
                tunerGpus,
                Section.asMap(canonical.get("sharedStorage")),
                objectives);
        return new ParsedConfig(typed, canonical, convertedFromV1, warnings);
    }

    /** Whether the user wrote {@code field} (any spelling) with a non-null value, readable or not. */
    private boolean given(String field) {
        return given(raw, field);
    }

    private static boolean given(Map<?, ?> mapping, String field) {
        for (Map.Entry<?, ?> e : mapping.entrySet()) {
            if (Field.fold(String.valueOf(e.getKey())).equals(Field.fold(field)) && e.getValue() != null) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> section(String field) {
        return top.get(field) instanceof Map<?, ?> ? Section.asMap(top.get(field)) : null;
    }

    private Object searchSpaceJson() {
        if (Boolean.TRUE.equals(top.get("useAnnotation"))) {
            violations.add(new Violation(
                    "useAnnotation",
                    "annotations are not supported (NNI 3.0 dropped them too); give searchSpace or searchSpaceFile"));
        }
        boolean inline = given("searchSpace");
        boolean file = given("searchSpaceFile");
        if (inline && file) {
            violations.add(new Violation("searchSpaceFile", "cannot be set together with searchSpace"));
            return null;
        }
        if (inline) {
            return top.get("searchSpace");
        }
        if (!file) {
            if (!Boolean.TRUE.equals(top.get("useAnnotation"))) {
                violations.add(new Violation("searchSpace", "is not set (give searchSpace or searchSpaceFile)"));
            }
            return null;
        }
        if (!(top.get("searchSpaceFile") instanceof String path)) {
            return null;
        }
        try {
            Optional<Object> loaded = searchSpaceSource.load(path);
            if (loaded.isEmpty()) {
                violations.add(new Violation("searchSpaceFile", "file '" + path + "' does not exist"));
                return null;
            }
            return loaded.get();
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
            return null;
        }
    }

    private AlgorithmConfig algorithm(Map<String, Object> algo, String path, boolean isTuner, SearchSpace space) {
        String name = (String) algo.get("name");
        String className = (String) algo.get("className");
        String codeDirectory = (String) algo.get("codeDirectory");
        Map<String, Object> classArgs = Section.asMap(algo.get("classArgs"));
        int before = violations.size();
        if (name != null && name.isEmpty()) {
            violations.add(new Violation(path + ".name", "must not be empty"));
        } else if (className == null) {
            if (name == null) {
                violations.add(new Violation(
                        path + ".name",
                        "is not set (give name for a built-in algorithm, or className and codeDirectory for a"
                                + " custom one)"));
            }
            if (codeDirectory != null) {
                violations.add(new Violation(
                        path + ".codeDirectory", "must not be set for a built-in algorithm (only with className)"));
            }
        } else {
            if (name != null) {
                violations.add(new Violation(path + ".name", "must not be set together with className"));
            }
            if (codeDirectory == null) {
                violations.add(new Violation(
                        path + ".codeDirectory", "is not set (a custom algorithm needs className and codeDirectory)"));
            }
        }
        if (violations.size() > before) {
            return null;
        }
        if (isTuner && name == null && Objective.several(objectives)) {
            violations.add(new Violation(
                    "objectives",
                    "a custom tuner (className) cannot search several objectives; use a built-in that supports"
                            + " them (TPE, Random)"));
        }
        if (name != null) {
            Settings settings = new Settings(classArgs == null ? Map.of() : classArgs, "classArgs");
            if (isTuner) {
                Optional<TunerFactory> factory = algorithms.tuner(name);
                if (factory.isEmpty()) {
                    violations.add(unknownName(path, "tuner", name, algorithms.tunerNames()));
                } else if (space != null) {
                    validated(path, () -> factory.get().validate(settings, space, objectives));
                }
            } else {
                Optional<AssessorFactory> factory = algorithms.assessor(name);
                if (factory.isEmpty()) {
                    violations.add(unknownName(path, "assessor", name, algorithms.assessorNames()));
                } else {
                    validated(path, () -> factory.get().validate(settings));
                }
            }
        }
        return new AlgorithmConfig(name, className, codeDirectory, classArgs);
    }

    private void validated(String path, Supplier<List<Violation>> validation) {
        List<Violation> found;
        try {
            found = validation.get();
        } catch (InvalidInputException e) {
            found = e.violations();
        }
        // classArgs paths belong under the algorithm; factories name search-space problems by searchSpace.*
        for (Violation v : found) {
            boolean classArgs = v.field().equals("classArgs") || v.field().startsWith("classArgs.");
            violations.add(classArgs ? v.under(path) : v);
        }
    }

    private static Violation unknownName(String path, String kind, String name, List<String> known) {
        String choices =
                known.isEmpty() ? "no " + kind + "s are installed" : "known " + kind + "s: " + String.join(", ", known);
        return new Violation(path + ".name", "unknown " + kind + " '" + name + "'; " + choices);
    }

    /**
     * Sibyl's {@code objectives}: two or more metrics (keys of the dict trials report) with their directions.
     * Empty when not given, or when broken (violations recorded).
     */
    private List<Objective> objectives() {
        Object entries = top.get("objectives");
        boolean schemaFound = violations.stream().anyMatch(v -> v.field().startsWith("objectives"));
        if (entries == null || schemaFound) {
            return List.of();
        }
        try {
            return Objective.parseAll(entries, "objectives");
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
            return List.of();
        }
    }

    /** The canonical entries; empty when trainingService is missing or unreadable (violations recorded). */
    private List<Map<String, Object>> trainingServices() {
        Object value = top.get("trainingService");
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof Map<?, ?>) {
            Map<String, Object> entry = trainingService(value, "trainingService", true);
            if (entry != null) {
                out.add(entry);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                violations.add(new Violation("trainingService", "must list at least one training service"));
            }
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> entry = trainingService(list.get(i), "trainingService[" + i + "]", false);
                if (entry != null) {
                    out.add(entry);
                }
            }
        } else if (value != null) {
            violations.add(new Violation(
                    "trainingService",
                    "must be a mapping with a platform, or a list of them (hybrid), got " + JsonTree.describe(value)));
        }
        return out;
    }

    private Map<String, Object> trainingService(Object value, String path, boolean single) {
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation(path, "must be a mapping with a platform, got " + JsonTree.describe(value)));
            return null;
        }
        Object platformId = null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (Field.fold(String.valueOf(e.getKey())).equals("platform")) {
                platformId = e.getValue();
            }
        }
        if (platformId == null) {
            violations.add(new Violation(path + ".platform", "is not set (one of " + Platform.ids() + ")"));
            return null;
        }
        Optional<Platform> platform = platformId instanceof String id ? Platform.byId(id) : Optional.empty();
        if (platform.isEmpty()) {
            violations.add(new Violation(
                    path + ".platform", "must be one of " + Platform.ids() + ", got " + JsonTree.describe(platformId)));
            return null;
        }
        int before = violations.size();
        Map<String, Object> values = platform.get().section().read(map, path, violations);
        Set<String> setHere = new HashSet<>(values.keySet());
        for (String field : TrainingServiceSchema.SHORTCUTS) {
            if (!values.containsKey(field)) {
                Object inherited = top.containsKey(field) ? top.get(field) : defaultOf(field);
                if (inherited != null) {
                    values.put(field, inherited);
                }
            }
        }
        if (platform.get().needsTrialCommand()
                && values.get("trialCommand") == null
                && !given("trialCommand")
                && !given(map, "trialCommand")) {
            violations.add(new Violation(single ? "trialCommand" : path + ".trialCommand", "is not set"));
        }
        platform.get().check(new TrainingServiceSchema.Entry() {
            @Override
            public Map<String, Object> values() {
                return values;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String shortcutPath(String field) {
                return single && !setHere.contains(field) ? field : Section.join(path, field);
            }

            @Override
            public void violation(String field, String message) {
                violations.add(new Violation(field, message));
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        if (violations.size() > before) {
            return null;
        }
        return platform.get().section().complete(values);
    }

    private static Object defaultOf(String field) {
        return ExperimentSchema.TOP.fields().stream()
                .filter(f -> f.name().equals(field))
                .findFirst()
                .map(Field::defaultValue)
                .orElse(null);
    }

    private static Duration duration(Map<String, Object> canonical, String field) {
        Object value = canonical.get(field);
        return value == null ? null : Durations.parse(value, field);
    }
}
