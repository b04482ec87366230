package dev.sibyl.cli.api;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code multipart/form-data} request body (RFC 7578) whose file parts are streamed from disk, so
 * a 300 MB code archive is never held in memory. Text parts are sent without a file name, which
 * servers bind as plain form values; file parts carry a file name.
 */
public final class MultipartBody {

    private final String boundary;
    private final List<Part> parts;

    private MultipartBody(String boundary, List<Part> parts) {
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
    }

    /**
     * Starts a body. The boundary must be long and random enough never to occur in the content.
     */
    public static Builder builder(String boundary) {
        if (boundary.isEmpty() || boundary.length() > 70 || !boundary.matches("[0-9A-Za-z'()+_,.:=?-]+")) {
            throw new IllegalArgumentException("invalid multipart boundary: " + boundary);
        }
        return new Builder(boundary);
    }

    /** The {@code Content-Type} header value, boundary included. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Names of the parts in order. */
    public List<String> partNames() {
        return parts.stream().map(Part::name).toList();
    }

    HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
        List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder()
                    .append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(quoted(part.name))
                    .append('"');
            if (part.filename != null) {
                head.append("; filename=\"").append(quoted(part.filename)).append('"');
            }
            head.append("\r\nContent-Type: ").append(part.mediaType).append("\r\n\r\n");
            pieces.add(HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)));
            pieces.add(
                    part.file != null
                            ? HttpRequest.BodyPublishers.ofFile(part.file)
                            : HttpRequest.BodyPublishers.ofByteArray(part.text.getBytes(StandardCharsets.UTF_8)));
            pieces.add(HttpRequest.BodyPublishers.ofByteArray("\r\n".getBytes(StandardCharsets.UTF_8)));
        }
        pieces.add(
                HttpRequest.BodyPublishers.ofByteArray(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.BodyPublishers.concat(pieces.toArray(HttpRequest.BodyPublisher[]::new));
    }

    /** Header parameter values escape quotes and line breaks the way browsers do (RFC 7578 §4.2). */
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private record Part(String name, String filename, String mediaType, String text, Path file) {}

    /** Collects the parts of a body. */
    public static final class Builder {
        private final String boundary;
        private final List<Part> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = boundary;
        }

        /** Adds a form value (UTF-8 text, no file name). */
        public Builder text(String name, String text, String mediaType) {
            parts.add(new Part(
                    Objects.requireNonNull(name),
                    null,
                    Objects.requireNonNull(mediaType),
                    Objects.requireNonNull(text),
                    null));
            return this;
        }

        /** Adds a file, streamed from {@code file} when the request is sent. */
        public Builder file(String name, String filename, String mediaType, Path file) {
            parts.add(new Part(
                    Objects.requireNonNull(name),
                    Objects.requireNonNull(filename),
                    Objects.requireNonNull(mediaType),
                    null,
                    Objects.requireNonNull(file)));
            return this;
        }

        public MultipartBody build() {
            return new MultipartBody(boundary, parts);
        }
    }
}
