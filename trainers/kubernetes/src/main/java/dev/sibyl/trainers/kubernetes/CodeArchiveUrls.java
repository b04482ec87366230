package dev.sibyl.trainers.kubernetes;

import dev.sibyl.trainers.core.TrialLaunch;
import java.net.URI;
import java.time.Duration;

/**
 * The port through which trial pods get their code: a short-lived signed URL from which the pod's init container
 * downloads the experiment's code archive. The server implements it (it holds the archives and the signing key).
 *
 * <p>Contract of the URL: a plain {@code GET} without any header returns a gzip-compressed tar whose entries are
 * the files of the experiment's code directory ({@link TrialLaunch#codeDirectory()}), relative to that directory.
 * The URL carries its own authorization (a signature over the experiment and an expiry) and stops working after
 * {@code validFor}; it is placed in the Job's spec, so anyone who can read Jobs in the namespace can use it until
 * then.
 *
 * <p>Called on the submitting thread, once per trial. Failures are {@link dev.sibyl.trainers.core.TrainerException}s.
 */
@FunctionalInterface
public interface CodeArchiveUrls {
    /** A URL serving the code archive of {@code launch}'s experiment, valid for at least {@code validFor}. */
    URI signedUrl(TrialLaunch launch, Duration validFor);
}
