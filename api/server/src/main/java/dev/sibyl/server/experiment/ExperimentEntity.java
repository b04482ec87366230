package dev.sibyl.server.experiment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored experiment (table {@code experiments}). */
@Entity
@Table(name = "experiments")
public class ExperimentEntity extends PanacheEntityBase {
    /** NNI-shaped id: 8 characters of [a-z0-9]. */
    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    public String name;

    /** An {@code ExperimentStatus} name. */
    @Column(nullable = false)
    public String status;

    public String message;

    /** The canonical NNI v2 config, search space inlined. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> config;

    /** The current search space (may differ from config after an update). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "search_space", nullable = false, columnDefinition = "jsonb")
    public Object searchSpace;

    @Column(name = "trial_command", nullable = false)
    public String trialCommand;

    @Column(name = "code_artifact_id")
    public Long codeArtifactId;

    @Column(name = "trial_concurrency", nullable = false)
    public int trialConcurrency;

    @Column(name = "max_trial_number")
    public Integer maxTrialNumber;

    @Column(name = "max_experiment_duration_s")
    public Long maxExperimentDurationSeconds;

    @Column(name = "max_trial_duration_s")
    public Long maxTrialDurationSeconds;

    @Column(name = "trial_gpu_number")
    public Integer trialGpuNumber;

    @Column(name = "optimize_mode")
    public String optimizeMode;

    @Column(name = "tuner_seed", nullable = false)
    public long tunerSeed;

    @Column(name = "exec_duration_ms", nullable = false)
    public long execDurationMillis;

    @Column(name = "next_sequence_id", nullable = false)
    public long nextSequenceId;

    @Column(name = "next_parameter_id", nullable = false)
    public long nextParameterId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Version
    public long version;
}
