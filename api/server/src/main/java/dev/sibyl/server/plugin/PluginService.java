package dev.sibyl.server.plugin;

import dev.sibyl.server.problem.FieldError;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import dev.sibyl.tenant.Quota;
import dev.sibyl.tenant.Quotas;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tuner.sandbox.host.PluginHostException;
import dev.sibyl.tuner.sandbox.verify.JarLimits;
import dev.sibyl.tuner.sandbox.verify.JarVerifier;
import dev.sibyl.tuner.sandbox.verify.VerificationReport;
import dev.sibyl.tuner.spi.Algorithms;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts plugin JARs: verified before anything of them is stored or run ({@link JarVerifier}), then loaded in a
 * sandboxed host to learn which factory they serve (a JAR that serves none, or breaks a limit while loading, is
 * refused), within the tenant's plugin-storage quota, stored once per content under {@code ${sibyl.home}/plugins/<tenant>/<sha256>.jar}
 * and recorded per name and version. Tenants see only their own plugins.
 */
@ApplicationScoped
public class PluginService {
    static final Set<String> KINDS = Set.of("tuner", "assessor");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,49}");

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.plugins.max-bytes", defaultValue = "33554432")
    long maxBytes;

    @Inject
    Quotas quotas;

    @Inject
    EntityManager entities;

    @Inject
    InstantSource clock;

    @Inject
    Algorithms builtins;

    @Inject
    PluginHosts hosts;

    private final JarVerifier verifier = new JarVerifier(JarLimits.DEFAULT);

    public PluginEntity upload(long tenantId, String actor, String kind, String name, String version, Path jar) {
        checkFields(kind, name, version, jar);
        if (builtins.tuner(name).isPresent() || builtins.assessor(name).isPresent()) {
            // Configs name algorithms by name; a plugin must not shadow (or be shadowed by) a built-in one.
            throw ProblemException.field(
                    ProblemType.INVALID_REQUEST, "name", "'" + name + "' is the name of a built-in algorithm");
        }
        long size = size(jar);
        if (size > maxBytes) {
            throw ProblemException.field(
                    ProblemType.PAYLOAD_TOO_LARGE, "jar", "is " + size + " bytes; plugins may be at most " + maxBytes);
        }
        VerificationReport report;
        try {
            report = verifier.verify(jar);
        } catch (IOException e) {
            throw ProblemException.field(ProblemType.INVALID_PLUGIN, "jar", "cannot be read: " + e.getMessage());
        }
        if (!report.acceptable()) {
            throw new ProblemException(
                    ProblemType.INVALID_PLUGIN,
                    "the JAR was refused with " + report.findings().size() + " findings; nothing of it was stored",
                    report.findings().stream()
                            .map(f -> new FieldError("jar", f.toString()))
                            .toList());
        }
        String factory = factoryServed(kind, name, version, jar);
        return QuarkusTransaction.requiringNew()
                .call(() -> record(tenantId, actor, kind, name, version, factory, jar, size, report));
    }

    /**
     * The factory of {@code kind} the JAR serves, asked of a sandboxed host: the only one, or the one named like
     * the plugin.
     */
    private String factoryServed(String kind, String name, String version, Path jar) {
        PluginHosts.Served served;
        try {
            served = hosts.describe(name + " " + version, jar);
        } catch (PluginHostException e) {
            throw ProblemException.field(
                    ProblemType.INVALID_PLUGIN, "jar", "failed when loaded in a sandboxed host: " + e.getMessage());
        }
        boolean tuner = "tuner".equals(kind);
        List<String> offered = tuner ? served.tuners() : served.assessors();
        String spi = tuner ? "TunerFactory" : "AssessorFactory";
        if (offered.isEmpty()) {
            throw ProblemException.field(
                    ProblemType.INVALID_PLUGIN,
                    "jar",
                    "serves no " + spi + "; list the factory class in META-INF/services/dev.sibyl.tuner.spi." + spi);
        }
        if (offered.size() == 1) {
            return offered.get(0);
        }
        return offered.stream()
                .filter(n -> n.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> ProblemException.field(
                        ProblemType.INVALID_PLUGIN,
                        "name",
                        "the JAR serves several " + kind + "s (" + String.join(", ", offered)
                                + "); name the plugin after the one to use"));
    }

    private PluginEntity record(
            long tenantId,
            String actor,
            String kind,
            String name,
            String version,
            String factory,
            Path jar,
            long size,
            VerificationReport report) {
        entities.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE); // serialises the storage quota
        if (PluginEntity.count("tenantId = ?1 and name = ?2 and version = ?3", tenantId, name, version) > 0) {
            throw new ProblemException(
                    ProblemType.CONFLICT, "plugin " + name + " " + version + " exists; upload a new version");
        }
        Quota quota = quotas.of(tenantId);
        long used = ((Number) entities.createQuery(
                                "select coalesce(sum(p.sizeBytes), 0) from PluginEntity p where p.tenantId = ?1")
                        .setParameter(1, tenantId)
                        .getSingleResult())
                .longValue();
        if (quota.maxPluginStorageBytes() != null && used + size > quota.maxPluginStorageBytes()) {
            throw new ProblemException(
                    ProblemType.QUOTA_EXCEEDED,
                    "the plugin does not fit in the tenant's plugin storage",
                    List.of(new FieldError(
                            "jar",
                            "asks for " + size + " bytes; the quota is " + quota.maxPluginStorageBytes() + ", " + used
                                    + " in use, " + Math.max(0, quota.maxPluginStorageBytes() - used) + " remaining")));
        }
        store(tenantId, report.sha256(), jar);
        PluginEntity p = new PluginEntity();
        p.tenantId = tenantId;
        p.name = name;
        p.version = version;
        p.kind = kind;
        p.factory = factory;
        p.sha256 = report.sha256();
        p.sizeBytes = size;
        p.classCount = report.classCount();
        p.createdAt = clock.instant();
        p.createdBy = actor;
        p.persist();
        return p;
    }

    public List<PluginEntity> list(long tenantId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> PluginEntity.list("tenantId = ?1 order by name, createdAt", tenantId));
    }

    /** The tenant's plugins, each name's newest version first. */
    public List<PluginEntity> listNewestFirst(long tenantId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> PluginEntity.list("tenantId = ?1 order by name, createdAt desc, id desc", tenantId));
    }

    /** @throws ProblemException 404 when the tenant has no such plugin */
    public PluginEntity get(long tenantId, long id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> PluginEntity.<PluginEntity>findByIdOptional(id)
                        .filter(p -> p.tenantId == tenantId)
                        .orElseThrow(() -> ProblemException.notFound("there is no plugin " + id)));
    }

    public Path file(PluginEntity plugin) {
        return home.resolve("plugins").resolve(Long.toString(plugin.tenantId)).resolve(plugin.sha256 + ".jar");
    }

    private void store(long tenantId, String sha256, Path jar) {
        Path dir = home.resolve("plugins").resolve(Long.toString(tenantId));
        Path target = dir.resolve(sha256 + ".jar");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(target)) {
                Path partial = Files.createTempFile(dir, ".upload-", ".jar");
                Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storing plugin " + sha256 + " failed", e);
        }
    }

    private static void checkFields(String kind, String name, String version, Path jar) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (jar == null) {
            errors.add(new FieldError("jar", "is required: the plugin JAR as a file part"));
        }
        if (kind == null || !KINDS.contains(kind)) {
            errors.add(new FieldError("kind", "must be 'tuner' or 'assessor'"));
        }
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "is required: a letter, then up to 99 of A-Z a-z 0-9 _ . -"));
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            errors.add(new FieldError("version", "is required: up to 50 of A-Z a-z 0-9 _ . + -"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the plugin upload is incomplete", errors);
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
