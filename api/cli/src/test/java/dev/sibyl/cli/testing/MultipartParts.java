package dev.sibyl.cli.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a {@code multipart/form-data} body into its parts (RFC 7578), as a server would. */
public final class MultipartParts {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private MultipartParts() {}

    /** One part: its form name, file name (null for a plain value), content type and bytes. */
    public record Part(String name, String filename, String contentType, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** The parts by name, in body order. */
    public static Map<String, Part> parse(String contentType, byte[] body) {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!contentType.startsWith("multipart/form-data") || !boundaryMatch.find()) {
            throw new AssertionError("not a multipart/form-data content type: " + contentType);
        }
        byte[] delimiter = ("--" + boundaryMatch.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
            starts.add(i);
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        for (int k = 0; k + 1 < starts.size(); k++) {
            int from = starts.get(k) + delimiter.length + 2; // skip CRLF after the delimiter
            int to = starts.get(k + 1) - 2; // the CRLF before the next delimiter belongs to it
            byte[] chunk = Arrays.copyOfRange(body, from, to);
            int headerEnd = indexOf(chunk, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            String headers = new String(chunk, 0, headerEnd, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(chunk, headerEnd + 4, chunk.length);
            String disposition = header(headers, "content-disposition");
            Matcher name = NAME.matcher(disposition);
            if (!name.find()) {
                throw new AssertionError("part without a name: " + headers);
            }
            Matcher filename = FILENAME.matcher(disposition);
            parts.put(
                    name.group(1),
                    new Part(
                            name.group(1),
                            filename.find() ? filename.group(1) : null,
                            header(headers, "content-type"),
                            content));
        }
        byte[] closing = Arrays.copyOfRange(
                body,
                starts.get(starts.size() - 1),
                Math.min(body.length, starts.get(starts.size() - 1) + delimiter.length + 2));
        if (!new String(closing, StandardCharsets.ISO_8859_1).endsWith("--")) {
            throw new AssertionError("body does not end with the closing delimiter");
        }
        return parts;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
