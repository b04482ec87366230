package dev.sibyl.server.metric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One reported metric (table {@code metrics}), read through Panache. Metrics are written in batches with
 * plain JDBC ({@code insert ... on conflict do nothing}), not through this entity.
 */
@Entity
@Table(name = "metrics")
public class MetricEntity extends PanacheEntityBase {
    @Id
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    @Column(name = "experiment_id", nullable = false)
    public String experimentId;

    @Column(name = "trial_id", nullable = false)
    public String trialId;

    @Column(name = "parameter_id")
    public Long parameterId;

    /** FINAL or PERIODICAL. */
    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public int sequence;

    /** The metric JSON text as the trial sent it (may hold NaN). */
    @Column(nullable = false)
    public String value;

    public Double reward;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
