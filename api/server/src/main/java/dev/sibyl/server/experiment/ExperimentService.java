package dev.sibyl.server.experiment;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.config.AlgorithmConfig;
import dev.sibyl.config.Durations;
import dev.sibyl.config.ExperimentConfig;
import dev.sibyl.config.NniConfigParser;
import dev.sibyl.config.ParsedConfig;
import dev.sibyl.config.SearchSpaceSource;
import dev.sibyl.config.TrainingServiceConfig;
import dev.sibyl.scheduler.experiment.ExperimentIds;
import dev.sibyl.scheduler.experiment.ExperimentStatus;
import dev.sibyl.server.archive.CodeArchives;
import dev.sibyl.server.driver.DriverSupervisor;
import dev.sibyl.server.driver.Objectives;
import dev.sibyl.server.driver.TunerArgs;
import dev.sibyl.server.plugin.TenantAlgorithms;
import dev.sibyl.server.pool.PoolHealth;
import dev.sibyl.server.pool.PoolNames;
import dev.sibyl.server.pool.PoolService;
import dev.sibyl.server.pool.PoolTrainers;
import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.server.secret.ConfigSecrets;
import dev.sibyl.server.secret.SecretBox;
import dev.sibyl.server.tenancy.QuotaGate;
import dev.sibyl.server.trial.TrialEntity;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tuner.spi.Algorithms;
import dev.sibyl.tuner.spi.AssessorFactory;
import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Objective;
import dev.sibyl.tuner.spi.Settings;
import dev.sibyl.tuner.spi.TunerFactory;
import dev.sibyl.tuner.spi.Violation;
import dev.sibyl.tuner.spi.space.SearchSpace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Experiments of a tenant: creation from an NNI config and code archive (validated completely before
 * anything runs), listing, limit and search-space changes, stop and resume. Every method takes the tenant
 * id the request was authenticated for; another tenant's experiment is answered exactly like a missing one.
 */
@ApplicationScoped
public class ExperimentService {
    private static final Logger LOG = Logger.getLogger(ExperimentService.class);
    private static final Set<String> PATCHABLE =
            Set.of("trialConcurrency", "maxTrialNumber", "maxExperimentDuration", "maxTrialDuration", "searchSpace");
    private static final List<String> PATCHABLE_ORDER =
            List.of("trialConcurrency", "maxTrialNumber", "maxExperimentDuration", "maxTrialDuration", "searchSpace");

    @Inject
    CodeArchives archives;

    @Inject
    TenantAlgorithms tenantAlgorithms;

    @Inject
    DriverSupervisor supervisor;

    @Inject
    ExperimentViews views;

    @Inject
    InstantSource clock;

    @Inject
    ObjectMapper json;

    @Inject
    QuotaGate quotaGate;

    @Inject
    PoolService pools;

    @Inject
    SecretBox secrets;

    @Inject
    PoolTrainers poolTrainers;

    @Inject
    PoolHealth poolHealth;

    @Inject
    DataSource dataSource;

    private final SecureRandom random = new SecureRandom();

    // ---- create ----

    /**
     * Validates and stores a new experiment and starts driving it.
     *
     * @param configText the NNI config (v2 or v1, YAML or JSON)
     * @param code the uploaded code archive, or null for an empty code directory
     * @param searchSpaceText the search space file sent separately, or null to look {@code searchSpaceFile} up
     *     in the archive
     * @throws ProblemException 400 naming the field at fault
     */
    public CreatedExperiment create(long tenantId, String configText, Path code, String searchSpaceText) {
        if (configText == null || configText.isBlank()) {
            throw ProblemException.field(
                    ProblemType.INVALID_CONFIG, "config", "is required: the NNI experiment config, YAML or JSON");
        }
        Algorithms algorithms = tenantAlgorithms.of(tenantId);
        CodeArchives.StoredCode stored = code == null ? null : archives.store(tenantId, code);
        AtomicBoolean partUsed = new AtomicBoolean();
        ParsedConfig parsed;
        try {
            parsed =
                    NniConfigParser.parse(configText, searchSpaceSource(searchSpaceText, stored, partUsed), algorithms);
        } catch (InvalidInputException e) {
            throw ProblemException.of(ProblemType.INVALID_CONFIG, e.violations());
        }
        ExperimentConfig config = parsed.config();
        List<String> warnings = new ArrayList<>(parsed.warnings());
        if (searchSpaceText != null && !partUsed.get()) {
            warnings.add("the searchSpace part was ignored: the config does not name a searchSpaceFile");
        }
        requireAvailable(tenantId, config);
        String trialCommand = config.trialCommand() != null
                ? config.trialCommand()
                : config.trainingService().trialCommand();
        if (trialCommand == null || trialCommand.isBlank()) {
            throw ProblemException.field(ProblemType.INVALID_CONFIG, "trialCommand", "is not set");
        }
        long seed = config.tuner().settings().getLong("seed").orElseGet(random::nextLong);
        checkAlgorithms(algorithms, config, seed);

        QuotaGate.Demand demand = new QuotaGate.Demand(
                config.trainingService().pool() != null
                        ? config.trainingService().pool()
                        : config.trainingService().platform(),
                config.trialConcurrency(),
                config.trialGpuNumber() == null ? 0 : config.trialGpuNumber());
        String id = QuarkusTransaction.requiringNew().call(() -> {
            quotaGate.admit(tenantId, demand, null);
            String candidate;
            do {
                candidate = ExperimentIds.next(random);
            } while (ExperimentEntity.findById(candidate) != null);
            ExperimentEntity e = new ExperimentEntity();
            e.id = candidate;
            e.tenantId = tenantId;
            e.name = config.experimentName();
            e.status = ExperimentStatus.RUNNING.name();
            e.config = ConfigSecrets.seal(parsed.canonical(), secrets);
            e.searchSpace = config.searchSpaceJson();
            e.trialCommand = trialCommand;
            e.codeArtifactId = stored == null ? null : stored.artifact().id;
            e.trialConcurrency = config.trialConcurrency();
            e.maxTrialNumber = config.maxTrialNumber();
            e.maxExperimentDurationSeconds = seconds(config.maxExperimentDuration());
            e.maxTrialDurationSeconds = seconds(config.maxTrialDuration());
            e.trialGpuNumber = config.trialGpuNumber();
            e.optimizeMode = optimizeMode(config.tuner());
            e.tunerSeed = seed;
            e.createdAt = clock.instant();
            e.startedAt = e.createdAt;
            e.persist();
            createPrivatePools(e, tenantId);
            return candidate;
        });
        privatePools(config, id).forEach(poolHealth::probeSoon);
        // The answer shows the experiment as created: taken before its driver starts proposing trials (unless the
        // start failed, which the answer must show).
        ExperimentView created = get(tenantId, id);
        ExperimentView answer = startDriving(id) ? created : get(tenantId, id);
        return new CreatedExperiment(answer, warnings, parsed.convertedFromV1());
    }

    private SearchSpaceSource searchSpaceSource(
            String searchSpaceText, CodeArchives.StoredCode stored, AtomicBoolean partUsed) {
        if (searchSpaceText != null) {
            return path -> {
                partUsed.set(true);
                try {
                    return Optional.of(SearchSpaceSource.parseText(searchSpaceText));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(e.violations().stream()
                            .map(v -> new Violation("searchSpace", v.message()))
                            .toList());
                }
            };
        }
        SearchSpaceSource inArchive =
                stored == null ? path -> Optional.empty() : SearchSpaceSource.within(stored.directory());
        return path -> {
            Optional<Object> loaded = inArchive.load(path);
            if (loaded.isEmpty()) {
                throw new InvalidInputException(
                        "searchSpaceFile",
                        "file '" + path + "' is not in the code archive; send it in the code archive or as the"
                                + " searchSpace part");
            }
            return loaded;
        };
    }

    /**
     * Only what this server can run: the local platform or a pool (Sibyl's {@code platform: pool}) the tenant may
     * use and whose kind this server runs, and algorithms named (built-in or the tenant's plugins).
     */
    private void requireAvailable(long tenantId, ExperimentConfig config) {
        List<TrainingServiceConfig> services = config.trainingServices();
        List<Violation> unavailable = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            TrainingServiceConfig service = services.get(i);
            String at = config.hybrid() ? "trainingService[" + i + "]" : "trainingService";
            String platform = service.platform();
            String pool = PoolNames.of("-", platform, service.pool(), i);
            if ("pool".equals(platform)) {
                String problem = pools.whyNotUsable(service.pool(), tenantSlug(tenantId));
                if (problem != null) {
                    unavailable.add(new Violation(at + ".pool", problem));
                }
            } else if (PoolNames.privatePool(platform) && poolTrainers.runs(platform)) {
                checkMachineCredentials(service, at, unavailable);
            } else if (!"local".equals(platform)) {
                unavailable.add(new Violation(
                        at + ".platform",
                        "'" + platform + "' is not available on this server yet; use platform: local, or platform:"
                                + " pool with a pool of the platform admin's (GET /api/v1/pools lists them)"));
            }
            if (!seen.add(pool)) {
                unavailable.add(new Violation(at, "names pool '" + pool + "' a second time"));
            }
        }
        if (!unavailable.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_CONFIG, unavailable);
        }
        List<Violation> custom = new ArrayList<>();
        if (!config.tuner().builtin()) {
            custom.add(new Violation(
                    "tuner.className", "custom algorithms are not available on this server yet; use a built-in name"));
        }
        if (config.assessor() != null && !config.assessor().builtin()) {
            custom.add(new Violation(
                    "assessor.className",
                    "custom algorithms are not available on this server yet; use a built-in name"));
        }
        if (!custom.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_CONFIG, custom);
        }
    }

    /** NNI's remote entries bring their machines: each becomes a pool private to the experiment. */
    @SuppressWarnings("unchecked")
    private void createPrivatePools(ExperimentEntity e, long tenantId) {
        Object services = e.config.get("trainingService");
        List<Object> entries = services instanceof List<?> list ? (List<Object>) list : List.of(services);
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = (Map<String, Object>) entries.get(i);
            String platform = String.valueOf(entry.get("platform"));
            if (PoolNames.privatePool(platform)) {
                String name = PoolNames.of(e.id, platform, null, services instanceof List<?> ? i : -1);
                pools.createPrivate(name, e.id, tenantSlug(tenantId), entry, e.trialConcurrency);
            }
        }
    }

    private static List<String> privatePools(ExperimentConfig config, String experimentId) {
        List<String> names = new ArrayList<>();
        List<TrainingServiceConfig> services = config.trainingServices();
        for (int i = 0; i < services.size(); i++) {
            if (PoolNames.privatePool(services.get(i).platform())) {
                names.add(PoolNames.of(experimentId, services.get(i).platform(), null, config.hybrid() ? i : -1));
            }
        }
        return names;
    }

    /**
     * A hosted server logs in with a password or a key's text only: it reads no key files, since a tenant naming
     * {@code ~/.ssh/id_rsa} would borrow the server's own identity.
     */
    @SuppressWarnings("unchecked")
    private static void checkMachineCredentials(TrainingServiceConfig service, String at, List<Violation> out) {
        if (!(service.settings().get("machineList") instanceof List<?> machines)) {
            return;
        }
        for (int i = 0; i < machines.size(); i++) {
            Map<String, Object> machine = (Map<String, Object>) machines.get(i);
            String where = at + ".machineList[" + i + "]";
            if (machine.get("password") != null || machine.get("sshKey") != null) {
                continue;
            }
            if (machine.get("sshKeyFile") != null) {
                out.add(new Violation(
                        where + ".sshKeyFile",
                        "the server reads no key files: give the private key's text as sshKey (sibyl create does"
                                + " this from sshKeyFile on your machine), or a password"));
            } else {
                out.add(new Violation(where, "needs a password or an sshKey (the private key's text)"));
            }
        }
    }

    private static String tenantSlug(long tenantId) {
        return QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant>findById(tenantId).slug);
    }

    /** Validates classArgs by building the tuner and assessor exactly as the driver will. */
    private void checkAlgorithms(Algorithms algorithms, ExperimentConfig config, long seed) {
        AlgorithmConfig tuner = config.tuner();
        AlgorithmConfig assessor = config.assessor();
        List<Violation> violations = new ArrayList<>(tunerViolations(
                algorithms,
                tuner.name(),
                TunerArgs.of(tuner.name(), tuner.classArgs(), config.maxTrialNumber()),
                config.searchSpace(),
                seed,
                config.objectives()));
        if (assessor != null) {
            Optional<AssessorFactory> factory = algorithms.assessor(assessor.name());
            if (factory.isEmpty()) {
                violations.add(unknownAlgorithm("assessor", assessor.name(), algorithms.assessorNames()));
            } else {
                Settings settings = new Settings(assessor.classArgs(), "assessor.classArgs");
                List<Violation> found = under("assessor", factory.get().validate(settings));
                violations.addAll(found);
                if (found.isEmpty()) {
                    try {
                        factory.get().create(settings);
                    } catch (InvalidInputException e) {
                        violations.addAll(under("assessor", e.violations()));
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_CONFIG, violations);
        }
    }

    private static List<Violation> tunerViolations(
            Algorithms algorithms,
            String name,
            Map<String, Object> classArgs,
            SearchSpace space,
            long seed,
            List<Objective> objectives) {
        Optional<TunerFactory> factory = algorithms.tuner(name);
        if (factory.isEmpty()) {
            return List.of(unknownAlgorithm("tuner", name, algorithms.tunerNames()));
        }
        Settings settings = new Settings(classArgs, "tuner.classArgs");
        List<Violation> found = under("tuner", factory.get().validate(settings, space, objectives));
        if (!found.isEmpty()) {
            return found;
        }
        try {
            factory.get().create(settings, space, seed, objectives);
            return List.of();
        } catch (InvalidInputException e) {
            return under("tuner", e.violations());
        }
    }

    private static Violation unknownAlgorithm(String section, String name, List<String> known) {
        return new Violation(
                section + ".name", "unknown " + section + " '" + name + "'; available: " + String.join(", ", known));
    }

    /** Violation paths as the config names them ({@code tuner.classArgs.x}), whatever the factory used. */
    private static List<Violation> under(String section, List<Violation> violations) {
        return violations.stream()
                .map(v -> v.field().startsWith(section + ".") ? v : v.under(section))
                .toList();
    }

    private static String optimizeMode(AlgorithmConfig tuner) {
        Object mode = tuner.classArgs().get("optimize_mode");
        return mode instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
    }

    /** Starts the experiment's driver; false (and the experiment in ERROR, saying why) when it cannot. */
    private boolean startDriving(String id) {
        try {
            supervisor.start(id);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "experiment %s could not be started", id);
            supervisor.store(id).setStatus(ExperimentStatus.ERROR, "could not be started: " + e.getMessage());
            return false;
        }
    }

    // ---- read ----

    public List<ExperimentView> list(long tenantId) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> views.views(ExperimentEntity.<ExperimentEntity>list(
                        "tenantId = ?1 order by createdAt desc, id", tenantId)));
    }

    /** @throws ProblemException 404 when the tenant has no such experiment */
    public ExperimentView get(long tenantId, String id) {
        return QuarkusTransaction.joiningExisting().call(() -> views.view(find(tenantId, id)));
    }

    private static ExperimentEntity find(long tenantId, String id) {
        return ExperimentEntity.<ExperimentEntity>find("id = ?1 and tenantId = ?2", id, tenantId)
                .firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("there is no experiment '" + id + "'"));
    }

    // ---- update ----

    /**
     * Changes limits and the search space ({@code {"trialConcurrency"?, "maxTrialNumber"?,
     * "maxExperimentDuration"?, "maxTrialDuration"?, "searchSpace"?}}; null lifts a limit). A new search space
     * is validated against the tuner and rebuilds it.
     */
    public ExperimentView update(long tenantId, String id, String body) {
        JsonNode patch = readBody(body);
        ExperimentEntity experiment = QuarkusTransaction.requiringNew().call(() -> find(tenantId, id));
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PATCHABLE.contains(name)) {
                violations.add(new Violation(
                        name, "cannot be changed; fields that can: " + String.join(", ", PATCHABLE_ORDER)));
            }
        }
        JsonNode concurrency = patch.get("trialConcurrency");
        if (concurrency != null) {
            if (!concurrency.canConvertToInt() || !concurrency.isIntegralNumber() || concurrency.asInt() <= 0) {
                violations.add(new Violation("trialConcurrency", "must be an integer greater than 0"));
            } else {
                columns.put("trial_concurrency", concurrency.asInt());
            }
        }
        JsonNode maxTrials = patch.get("maxTrialNumber");
        if (maxTrials != null) {
            if (maxTrials.isNull()) {
                columns.put("max_trial_number", null);
            } else if (!maxTrials.isIntegralNumber() || !maxTrials.canConvertToInt() || maxTrials.asInt() <= 0) {
                violations.add(new Violation("maxTrialNumber", "must be an integer greater than 0, or null"));
            } else {
                columns.put("max_trial_number", maxTrials.asInt());
            }
        }
        durationColumn(patch, "maxExperimentDuration", "max_experiment_duration_s", columns, violations);
        durationColumn(patch, "maxTrialDuration", "max_trial_duration_s", columns, violations);
        JsonNode spaceNode = patch.get("searchSpace");
        String spaceJson = null;
        if (spaceNode != null) {
            Object space = json.convertValue(spaceNode, Object.class);
            try {
                SearchSpace parsed = SearchSpace.parse(space, "searchSpace");
                Map<String, Object> tuner = section(experiment.config, "tuner");
                violations.addAll(tunerViolations(
                        tenantAlgorithms.of(tenantId),
                        String.valueOf(tuner.get("name")),
                        TunerArgs.of(String.valueOf(tuner.get("name")), classArgs(tuner), experiment.maxTrialNumber),
                        parsed,
                        experiment.tunerSeed,
                        Objectives.of(experiment.config)));
                spaceJson = spaceNode.toString();
            } catch (InvalidInputException e) {
                violations.addAll(e.violations());
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, violations);
        }
        String newSpace = spaceJson;
        QuarkusTransaction.requiringNew().run(() -> {
            Object newConcurrency = columns.get("trial_concurrency");
            if (newConcurrency != null
                    && ExperimentStatus.valueOf(experiment.status).active()) {
                // Raising the concurrency of a running experiment takes more of the quota, like a new submission.
                quotaGate.admit(
                        tenantId,
                        new QuotaGate.Demand(
                                "local",
                                (Integer) newConcurrency,
                                experiment.trialGpuNumber == null ? 0 : experiment.trialGpuNumber),
                        id);
            }
            apply(tenantId, id, columns, newSpace);
        });
        if (newSpace != null && supervisor.isDriven(id)) {
            supervisor.restart(id);
        } else {
            supervisor.wake(id);
        }
        return get(tenantId, id);
    }

    private JsonNode readBody(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY,
                    "the request body is empty; expected a JSON object",
                    List.of(new FieldError("body", "is empty; expected a JSON object")));
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonParseException e) {
            String message = "is not valid JSON: " + e.getOriginalMessage();
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY,
                    "the request body " + message,
                    List.of(new FieldError("body", message)));
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY,
                    "the request body is not valid JSON",
                    List.of(new FieldError("body", "is not valid JSON")));
        }
        if (node == null || !node.isObject()) {
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY,
                    "the request body must be a JSON object",
                    List.of(new FieldError("body", "must be a JSON object")));
        }
        return node;
    }

    private static void durationColumn(
            JsonNode patch, String field, String column, Map<String, Object> columns, List<Violation> violations) {
        JsonNode node = patch.get(field);
        if (node == null) {
            return;
        }
        if (node.isNull()) {
            columns.put(column, null);
            return;
        }
        Object value = node.isTextual()
                ? node.asText()
                : node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.asLong() : node.toString();
        try {
            columns.put(column, Durations.parse(value, field).getSeconds());
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
        }
    }

    private void apply(long tenantId, String id, Map<String, Object> columns, String searchSpaceJson) {
        if (columns.isEmpty() && searchSpaceJson == null) {
            return;
        }
        StringBuilder sql = new StringBuilder("update experiments set ");
        List<String> sets = new ArrayList<>();
        columns.keySet().forEach(c -> sets.add(c + " = ?"));
        if (searchSpaceJson != null) {
            sets.add("search_space = cast(? as jsonb)");
        }
        sql.append(String.join(", ", sets)).append(" where id = ? and tenant_id = ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object value : columns.values()) {
                if (value == null) {
                    s.setNull(i++, Types.BIGINT);
                } else {
                    s.setObject(i++, value);
                }
            }
            if (searchSpaceJson != null) {
                s.setString(i++, searchSpaceJson);
            }
            s.setString(i++, id);
            s.setLong(i, tenantId);
            if (s.executeUpdate() == 0) {
                throw ProblemException.notFound("there is no experiment '" + id + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("updating experiment " + id + " failed: " + e.getMessage(), e);
        }
    }

    // ---- stop and resume ----

    /** Stops a running experiment: its waiting and running trials end USER_CANCELED, the status is STOPPED. */
    public ExperimentView stop(long tenantId, String id) {
        ExperimentEntity experiment = QuarkusTransaction.requiringNew().call(() -> find(tenantId, id));
        ExperimentStatus status = ExperimentStatus.valueOf(experiment.status);
        if (status.active() || status == ExperimentStatus.ERROR || status == ExperimentStatus.INITIALIZED) {
            supervisor.stop(id);
        }
        return get(tenantId, id);
    }

    /**
     * Runs a STOPPED, DONE or ERROR experiment again when budget remains (trials below maxTrialNumber, run
     * time below maxExperimentDuration).
     *
     * @throws ProblemException 409 when the budget is spent
     */
    public ExperimentView resume(long tenantId, String id) {
        ExperimentEntity experiment = QuarkusTransaction.requiringNew().call(() -> find(tenantId, id));
        if (!ExperimentStatus.valueOf(experiment.status).active()) {
            QuarkusTransaction.requiringNew()
                    .run(() -> quotaGate.admit(
                            tenantId,
                            new QuotaGate.Demand(
                                    "local",
                                    experiment.trialConcurrency,
                                    experiment.trialGpuNumber == null ? 0 : experiment.trialGpuNumber),
                            id));
        }
        ExperimentStatus status = ExperimentStatus.valueOf(experiment.status);
        if (status.active()) {
            startDriving(id);
            return get(tenantId, id);
        }
        if (status == ExperimentStatus.VIEWED) {
            throw new ProblemException(ProblemType.CONFLICT, "experiment '" + id + "' is view-only");
        }
        long trials = QuarkusTransaction.requiringNew().call(() -> TrialEntity.count("experimentId", id));
        if (experiment.maxTrialNumber != null && trials >= experiment.maxTrialNumber) {
            throw new ProblemException(
                    ProblemType.BUDGET_EXHAUSTED,
                    "experiment '" + id + "' has used its whole trial budget (" + trials + " of maxTrialNumber "
                            + experiment.maxTrialNumber + "); raise maxTrialNumber with PATCH to resume it");
        }
        if (experiment.maxExperimentDurationSeconds != null
                && experiment.execDurationMillis >= experiment.maxExperimentDurationSeconds * 1000) {
            throw new ProblemException(
                    ProblemType.BUDGET_EXHAUSTED,
                    "experiment '" + id + "' has used its whole time budget (maxExperimentDuration "
                            + experiment.maxExperimentDurationSeconds
                            + "s); raise maxExperimentDuration with PATCH to resume it");
        }
        int changed = QuarkusTransaction.requiringNew()
                .call(() -> ExperimentEntity.update(
                        "status = ?1, message = null, endedAt = null where id = ?2 and tenantId = ?3 and status = ?4",
                        ExperimentStatus.RUNNING.name(),
                        id,
                        tenantId,
                        status.name()));
        if (changed == 0) {
            throw new ProblemException(
                    ProblemType.CONCURRENT_UPDATE,
                    "experiment '" + id + "' changed status while it was being resumed; send the request again");
        }
        startDriving(id);
        return get(tenantId, id);
    }

    // ---- helpers ----

    private static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String key) {
        Object value = config.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> classArgs(Map<String, Object> section) {
        Object args = section.get("classArgs");
        return args instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
