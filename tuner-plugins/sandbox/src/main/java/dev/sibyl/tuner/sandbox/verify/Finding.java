package dev.sibyl.tuner.sandbox.verify;

import java.util.Objects;

/**
 * One reason a plugin JAR is refused: where (the archive entry, or the class and method) and what it refers to.
 *
 * @param className internal-form-free class name ({@code com.acme.MyTuner}), or null for archive-level findings
 * @param method method name and descriptor, or null when the finding is not inside a method
 * @param member the referenced type or member ({@code java.lang.System.exit(I)V}), or null
 */
public record Finding(Kind kind, String entry, String className, String method, String member, String message) {
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** What kind of rule was broken. */
    public enum Kind {
        ARCHIVE,
        MALFORMED_CLASS,
        FORBIDDEN_PACKAGE,
        FORBIDDEN_REFERENCE,
        NATIVE_METHOD,
        SERIALIZATION_HOOK,
        FORBIDDEN_SUPERTYPE,
        FORBIDDEN_INVOKEDYNAMIC
    }

    @Override
    public String toString() {
        StringBuilder s =
                new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (className != null) {
            s.append(' ').append(className);
            if (method != null) {
                s.append('.').append(method);
            }
        } else if (entry != null) {
            s.append(' ').append(entry);
        }
        if (member != null) {
            s.append(" -> ").append(member);
        }
        return s.append(": ").append(message).toString();
    }
}
