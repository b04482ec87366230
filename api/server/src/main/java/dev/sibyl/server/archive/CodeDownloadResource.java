package dev.sibyl.server.archive;

import dev.sibyl.server.experiment.ExperimentEntity;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * An experiment's code as {@code .tar.gz} behind a signed, expiring link ({@link CodeLinks}); no bearer token,
 * since the one fetching it is a trial's init container.
 */
@Path(CodeLinks.PATH + "{experimentId}")
public class CodeDownloadResource {
    static final String SDK_FOLDER = ".sibyl-sdk";

    @Inject
    CodeLinks links;

    @Inject
    CodeArchives archives;

    @GET
    @Produces("application/gzip")
    @Operation(summary = "An experiment's code archive, by signed link (used by trial pods)")
    public Response download(
            @PathParam("experimentId") String experimentId,
            @QueryParam("expires") long expires,
            @QueryParam("signature") String signature) {
        if (!links.valid(experimentId, expires, signature)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the code link is not valid or has expired");
        }
        ExperimentEntity e = QuarkusTransaction.requiringNew().call(() -> ExperimentEntity.findById(experimentId));
        if (e == null) {
            throw ProblemException.notFound("there is no experiment '" + experimentId + "'");
        }
        java.nio.file.Path root =
                e.codeArtifactId != null ? archives.directory(e.codeArtifactId) : archives.emptyDirectory(e.id);
        java.nio.file.Path sdk = archives.sdkDirectory();
        StreamingOutput body = out -> writeTarGz(root, sdk, out);
        return Response.ok(body)
                .header("Content-Disposition", "attachment; filename=\"" + experimentId + "-code.tar.gz\"")
                .build();
    }

    /**
     * The code, then Sibyl's trial SDK under {@value #SDK_FOLDER}/ (a trial whose image lacks {@code nni} puts it on
     * PYTHONPATH).
     */
    private static void writeTarGz(java.nio.file.Path root, java.nio.file.Path sdk, OutputStream out)
            throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, root, "");
            add(tar, sdk, SDK_FOLDER + "/");
        }
    }

    private static void add(TarArchiveOutputStream tar, java.nio.file.Path root, String prefix) throws IOException {
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> walk = Files.walk(root)) {
            files = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        {
            for (java.nio.file.Path file : files) {
                if (Files.isSymbolicLink(file)) {
                    continue; // unpacked archives hold none; never follow one out of the code directory
                }
                String name = prefix + root.relativize(file).toString().replace('\\', '/');
                TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }
}
