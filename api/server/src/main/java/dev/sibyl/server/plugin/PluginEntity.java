package dev.sibyl.server.plugin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A verified plugin JAR of a tenant; its bytes live content-addressed on disk. */
@Entity
@Table(name = "plugins")
public class PluginEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "plugins_seq")
    @SequenceGenerator(name = "plugins_seq", sequenceName = "plugins_seq", allocationSize = 50)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false, columnDefinition = "char(64)")
    @JdbcTypeCode(SqlTypes.CHAR)
    public String sha256;

    /** The tuner or assessor name the JAR's factory answers to inside its host. */
    @Column
    public String factory;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "class_count", nullable = false)
    public int classCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
