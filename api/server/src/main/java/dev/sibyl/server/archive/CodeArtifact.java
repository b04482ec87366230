package dev.sibyl.server.archive;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An uploaded trial-code archive of one tenant (table {@code code_artifacts}), stored once per content:
 * the file lives at {@code storagePath}, named by its SHA-256.
 */
@Entity
@Table(name = "code_artifacts")
public class CodeArtifact extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "code_artifacts_seq")
    @SequenceGenerator(name = "code_artifacts_seq", sequenceName = "code_artifacts_seq", allocationSize = 50)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public Long tenantId;

    /** Lower-case hex SHA-256 of the archive bytes. */
    @Column(nullable = false, columnDefinition = "char(64)")
    @JdbcTypeCode(SqlTypes.CHAR)
    public String sha256;

    /** Size of the archive as uploaded. */
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    /** Files (and symbolic links) the archive unpacks to. */
    @Column(name = "file_count", nullable = false)
    public int fileCount;

    @Column(name = "storage_path", nullable = false)
    public String storagePath;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<CodeArtifact> find(long tenantId, String sha256) {
        return find("tenantId = ?1 and sha256 = ?2", tenantId, sha256).firstResultOptional();
    }
}
