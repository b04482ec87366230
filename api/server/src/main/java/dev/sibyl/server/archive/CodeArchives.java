package dev.sibyl.server.archive;

import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Trial code uploaded with experiments. An archive is validated by unpacking it ({@link ArchiveExtractor}),
 * then kept content-addressed under {@code ${sibyl.home}/artifacts/<sha256>} with one {@link CodeArtifact}
 * row per tenant, and unpacked once under {@code ${sibyl.home}/code/<sha256>/}. Training services copy that
 * directory per trial and never write into it.
 */
@ApplicationScoped
public class CodeArchives {
    /** The multipart field the archive arrives in; refusals name it. */
    public static final String FIELD = "code";

    private static final Logger LOG = Logger.getLogger(CodeArchives.class);

    @ConfigProperty(name = "sibyl.home")
    Path home;

    @ConfigProperty(name = "sibyl.code.max-files")
    int maxFiles;

    @ConfigProperty(name = "sibyl.code.max-bytes")
    long maxBytes;

    @Inject
    InstantSource clock;

    /** An accepted archive: its row and its unpacked directory. */
    public record StoredCode(CodeArtifact artifact, Path directory) {}

    /**
     * Validates, stores and unpacks an uploaded archive for {@code tenantId}.
     *
     * @throws ProblemException 400 on field {@code code} when the archive is refused
     */
    public StoredCode store(long tenantId, Path upload) {
        try {
            Path artifacts = Files.createDirectories(home.resolve("artifacts"));
            Path codeRoot = Files.createDirectories(home.resolve("code"));
            Path received = Files.createTempFile(artifacts, ".upload-", "");
            Path unpacked = codeRoot.resolve(
                    ".unpack-" + received.getFileName().toString().substring(8));
            try {
                MessageDigest sha = sha256();
                long size;
                try (InputStream in = new DigestInputStream(Files.newInputStream(upload), sha);
                        OutputStream out = Files.newOutputStream(received)) {
                    size = in.transferTo(out);
                }
                String hash = HexFormat.of().formatHex(sha.digest());
                ArchiveExtractor.Extraction extraction = extractor().extract(received, unpacked);
                Path stored = artifacts.resolve(hash);
                moveUnlessPresent(received, stored);
                Path directory = codeRoot.resolve(hash);
                if (Files.isDirectory(directory)) {
                    ArchiveExtractor.deleteTree(unpacked);
                } else {
                    moveUnlessPresent(unpacked, directory);
                }
                CodeArtifact artifact = remember(tenantId, hash, size, extraction.files(), stored);
                return new StoredCode(artifact, directory);
            } finally {
                Files.deleteIfExists(received);
                ArchiveExtractor.deleteTree(unpacked);
            }
        } catch (InvalidArchiveException e) {
            throw ProblemException.field(ProblemType.INVALID_CODE_ARCHIVE, FIELD, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("storing an uploaded code archive failed", e);
        }
    }

    /** The unpacked code of an artifact, unpacked again from the stored archive when it was removed. */
    public Path directory(long artifactId) {
        CodeArtifact artifact = QuarkusTransaction.joiningExisting()
                .call(() -> CodeArtifact.<CodeArtifact>findByIdOptional(artifactId))
                .orElseThrow(() -> new IllegalStateException("code artifact " + artifactId + " does not exist"));
        Path directory = home.resolve("code").resolve(artifact.sha256);
        if (Files.isDirectory(directory)) {
            return directory;
        }
        try {
            Path codeRoot = Files.createDirectories(home.resolve("code"));
            Path unpacked = Files.createTempDirectory(codeRoot, ".unpack-");
            Files.delete(unpacked);
            try {
                extractor().extract(Path.of(artifact.storagePath), unpacked);
                moveUnlessPresent(unpacked, directory);
            } finally {
                ArchiveExtractor.deleteTree(unpacked);
            }
            return directory;
        } catch (InvalidArchiveException e) {
            throw new IllegalStateException(
                    "stored code artifact " + artifactId + " no longer unpacks: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking code artifact " + artifactId + " failed", e);
        }
    }

    /** Sibyl's trial SDK ({@code nni/…}), extracted once under {@code ${sibyl.home}/sdk}. */
    public Path sdkDirectory() {
        return dev.sibyl.trainers.sdk.PythonSdk.extractTo(home.resolve("sdk"));
    }

    /** An empty code directory for an experiment created without an archive. */
    public Path emptyDirectory(String experimentId) {
        try {
            return Files.createDirectories(
                    home.resolve("experiments").resolve(experimentId).resolve("code"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ArchiveExtractor extractor() {
        return new ArchiveExtractor(new ArchiveLimits(maxFiles, maxBytes));
    }

    private CodeArtifact remember(long tenantId, String hash, long size, int files, Path stored) {
        try {
            return QuarkusTransaction.requiringNew()
                    .call(() -> CodeArtifact.find(tenantId, hash).orElseGet(() -> {
                        CodeArtifact row = new CodeArtifact();
                        row.tenantId = tenantId;
                        row.sha256 = hash;
                        row.sizeBytes = size;
                        row.fileCount = files;
                        row.storagePath = stored.toString();
                        row.createdAt = clock.instant();
                        row.persist();
                        return row;
                    }));
        } catch (PersistenceException e) {
            // Another request stored the same archive for this tenant at the same moment.
            LOG.debugf("code artifact %s of tenant %d was stored concurrently", hash, tenantId);
            Optional<CodeArtifact> row =
                    QuarkusTransaction.requiringNew().call(() -> CodeArtifact.find(tenantId, hash));
            return row.orElseThrow(() -> e);
        }
    }

    private static void moveUnlessPresent(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // the same content arrived concurrently; either copy is as good
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        } catch (IOException e) {
            if (!Files.exists(to)) {
                throw e;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
