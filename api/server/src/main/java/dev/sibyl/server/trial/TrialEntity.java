package dev.sibyl.server.trial;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored trial (table {@code trials}). */
@Entity
@Table(name = "trials")
public class TrialEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "trials_seq")
    @SequenceGenerator(name = "trials_seq", sequenceName = "trials_seq", allocationSize = 50)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    @Column(name = "experiment_id", nullable = false)
    public String experimentId;

    /** NNI-shaped trial id: 5 characters, unique within the experiment. */
    @Column(name = "trial_id", nullable = false)
    public String trialId;

    @Column(name = "sequence_id", nullable = false)
    public long sequenceId;

    @Column(name = "parameter_id")
    public Long parameterId;

    /** A {@code ParameterSource} name. */
    @Column(name = "parameter_source", nullable = false)
    public String parameterSource;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> parameters;

    /** The NNI ParameterRecord JSON text handed to the trial. */
    @Column(name = "parameter_record", nullable = false)
    public String parameterRecord;

    /** A {@code TrialStatus} name. */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public boolean submitted;

    /** When a stop was requested: the {@code TrialStatus} the trial ends with. */
    @Column(name = "cancel_as")
    public String cancelAs;

    public String message;

    /** The trial this one replaces after a preemption; null otherwise. */
    @Column(name = "requeued_from")
    public String requeuedFrom;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "metric_offset", nullable = false)
    public long metricOffset;

    @Column(name = "final_reward")
    public Double finalReward;
}
