package dev.sibyl.cli.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .nniignore} file, which NNI reads with gitignore syntax: blank lines and
 * {@code #} comments are skipped, {@code !} re-includes, a leading or inner {@code /} anchors the
 * pattern to the code directory, a trailing {@code /} matches directories only, {@code *} and
 * {@code ?} never cross a {@code /}, {@code **} spans directories, {@code [...]} is a character
 * class and {@code \} escapes the next character. The last matching rule wins, and nothing below an
 * ignored directory can be re-included (as in git).
 *
 * <p>Paths are relative to the code directory and use {@code /} as separator. Instances are
 * immutable and thread-safe.
 */
public final class IgnoreRules {

    private static final IgnoreRules NONE = new IgnoreRules(List.of());

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Rules that ignore nothing (no {@code .nniignore} file). */
    public static IgnoreRules none() {
        return NONE;
    }

    /** Parses the text of a {@code .nniignore} file; lines that cannot match anything are skipped. */
    public static IgnoreRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Rule rule = Rule.parse(line);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new IgnoreRules(rules);
    }

    /**
     * Whether the entry at {@code relativePath} is ignored, either by a rule matching it or because
     * one of its parent directories is ignored.
     */
    public boolean ignores(String relativePath, boolean directory) {
        String path = normalize(relativePath);
        if (path.isEmpty() || rules.isEmpty()) {
            return false;
        }
        int slash = path.indexOf('/');
        while (slash >= 0) {
            if (matches(path.substring(0, slash), true)) {
                return true;
            }
            slash = path.indexOf('/', slash + 1);
        }
        return matches(path, directory);
    }

    /**
     * Whether the rules themselves ignore this entry, without looking at its parents; used by a
     * directory walk that never descends into ignored directories.
     */
    boolean matches(String path, boolean directory) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if ((!rule.directoryOnly || directory) && rule.regex.matcher(path).matches()) {
                ignored = !rule.negated;
            }
        }
        return ignored;
    }

    private static String normalize(String relativePath) {
        String path = relativePath.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private record Rule(Pattern regex, boolean negated, boolean directoryOnly) {

        static Rule parse(String rawLine) {
            String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
            line = stripUnescapedTrailingSpaces(line);
            if (line.isEmpty() || line.startsWith("#")) {
                return null;
            }
            boolean negated = line.startsWith("!");
            if (negated) {
                line = line.substring(1);
            }
            boolean directoryOnly = false;
            while (line.endsWith("/")) {
                directoryOnly = true;
                line = line.substring(0, line.length() - 1);
            }
            // A slash anywhere but at the end ties the pattern to the code directory's root.
            boolean anchored = line.contains("/");
            while (line.startsWith("/")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                return null;
            }
            String body = translate(line.split("/", -1));
            String regex = anchored ? body : "(?:.*/)?" + body;
            return new Rule(Pattern.compile("^" + regex + "$", Pattern.DOTALL), negated, directoryOnly);
        }

        private static String stripUnescapedTrailingSpaces(String line) {
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ' && !(end >= 2 && line.charAt(end - 2) == '\\')) {
                end--;
            }
            return line.substring(0, end);
        }

        private static String translate(String[] segments) {
            StringBuilder regex = new StringBuilder();
            int last = segments.length - 1;
            boolean needSeparator = false;
            for (int i = 0; i <= last; i++) {
                String segment = segments[i];
                if (segment.equals("**")) {
                    if (last == 0) {
                        regex.append(".*");
                    } else if (i == 0) {
                        regex.append("(?:.*/)?"); // leading "**/": any number of directories, even none
                        needSeparator = false;
                        continue;
                    } else if (i == last) {
                        regex.append("/.*"); // trailing "/**": everything inside
                    } else {
                        regex.append("(?:/.*)?"); // inner "/**/": zero or more directories
                    }
                    needSeparator = true;
                    continue;
                }
                if (needSeparator) {
                    regex.append('/');
                }
                regex.append(translateSegment(segment));
                needSeparator = true;
            }
            return regex.toString();
        }

        private static String translateSegment(String segment) {
            StringBuilder regex = new StringBuilder();
            int i = 0;
            while (i < segment.length()) {
                char c = segment.charAt(i);
                switch (c) {
                    case '\\':
                        if (i + 1 < segment.length()) {
                            regex.append(Pattern.quote(String.valueOf(segment.charAt(i + 1))));
                            i += 2;
                        } else {
                            i++; // a lone trailing backslash escapes nothing
                        }
                        break;
                    case '*':
                        while (i < segment.length() && segment.charAt(i) == '*') {
                            i++; // "a**b" inside a segment is an ordinary star
                        }
                        regex.append("[^/]*");
                        break;
                    case '?':
                        regex.append("[^/]");
                        i++;
                        break;
                    case '[':
                        int end = classEnd(segment, i);
                        if (end < 0) {
                            regex.append("\\[");
                            i++;
                        } else {
                            regex.append(translateClass(segment.substring(i + 1, end)));
                            i = end + 1;
                        }
                        break;
                    default:
                        regex.append(Pattern.quote(String.valueOf(c)));
                        i++;
                }
            }
            return regex.toString();
        }

        /** Index of the bracket closing the class opened at {@code open}, or -1 when unclosed. */
        private static int classEnd(String segment, int open) {
            int i = open + 1;
            if (i < segment.length() && (segment.charAt(i) == '!' || segment.charAt(i) == '^')) {
                i++;
            }
            if (i < segment.length() && segment.charAt(i) == ']') {
                i++; // a ']' right after the opening bracket is a literal member
            }
            while (i < segment.length()) {
                char c = segment.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == ']') {
                    return i;
                }
                i++;
            }
            return -1;
        }

        private static String translateClass(String members) {
            StringBuilder regex = new StringBuilder("[");
            int i = 0;
            boolean negated = !members.isEmpty() && (members.charAt(0) == '!' || members.charAt(0) == '^');
            if (negated) {
                regex.append('^').append('/');
                i++;
            }
            while (i < members.length()) {
                char c = members.charAt(i);
                if (c == '\\' && i + 1 < members.length()) {
                    c = members.charAt(++i);
                    if (Character.isLetterOrDigit(c)) {
                        regex.append(c);
                    } else {
                        regex.append('\\').append(c);
                    }
                } else if (c == '-' && i > (negated ? 1 : 0) && i < members.length() - 1) {
                    regex.append('-'); // a range between two members
                } else if (Character.isLetterOrDigit(c)) {
                    regex.append(c);
                } else {
                    regex.append('\\').append(c);
                }
                i++;
            }
            return regex.append(']').toString();
        }
    }
}
