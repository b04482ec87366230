package dev.sibyl.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One field of a config mapping: its canonical camelCase name, how its value is read, whether it must be
 * given, and the default NNI fills into the canonical config when it is not.
 */
record Field(
        String name,
        Kind kind,
        Presence presence,
        Object defaultValue,
        Section section,
        long min,
        long max,
        List<String> oneOf) {

    /** How a value is read and canonicalized. */
    enum Kind {
        STRING,
        INT,
        BOOL,
        /** {@link Durations}; kept as written. */
        DURATION,
        /** Memory size: megabytes, or a string with unit tb, gb, mb, kb or b; kept as written. */
        SIZE,
        /** list of ints, an int, or {@code "0,1"}; canonicalized to a list. */
        GPU_INDICES,
        /** any JSON value, kept verbatim (searchSpace). */
        ANY,
        /** a free-form mapping whose keys are not normalized (classArgs, openpaiConfig). */
        DICT,
        /** a nested config mapping described by {@link #section}. */
        SECTION,
        /** a list of nested config mappings described by {@link #section}. */
        SECTION_LIST
    }

    enum Presence {
        OPTIONAL,
        /** must be given and not null. */
        REQUIRED,
        /** the key must be written, but null is a valid value (NNI fields typed Optional without default). */
        KEY_REQUIRED
    }

    Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(presence, "presence");
        oneOf = List.copyOf(oneOf);
        if ((kind == Kind.SECTION || kind == Kind.SECTION_LIST) != (section != null)) {
            throw new IllegalArgumentException(name + ": a section is needed exactly for SECTION and SECTION_LIST");
        }
    }

    static Field of(String name, Kind kind) {
        return new Field(name, kind, Presence.OPTIONAL, null, null, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
    }

    static Field string(String name) {
        return of(name, Kind.STRING);
    }

    static Field integer(String name) {
        return of(name, Kind.INT);
    }

    static Field bool(String name) {
        return of(name, Kind.BOOL);
    }

    static Field section(String name, Section section) {
        return new Field(
                name, Kind.SECTION, Presence.OPTIONAL, null, section, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
    }

    static Field sectionList(String name, Section section) {
        return new Field(
                name, Kind.SECTION_LIST, Presence.OPTIONAL, null, section, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
    }

    Field required() {
        return new Field(name, kind, Presence.REQUIRED, defaultValue, section, min, max, oneOf);
    }

    Field keyRequired() {
        return new Field(name, kind, Presence.KEY_REQUIRED, defaultValue, section, min, max, oneOf);
    }

    Field defaultTo(Object value) {
        return new Field(name, kind, presence, value, section, min, max, oneOf);
    }

    Field atLeast(long lowest) {
        return new Field(name, kind, presence, defaultValue, section, lowest, max, oneOf);
    }

    Field between(long lowest, long highest) {
        return new Field(name, kind, presence, defaultValue, section, lowest, highest, oneOf);
    }

    Field oneOf(String... values) {
        return new Field(name, kind, presence, defaultValue, section, min, max, List.of(values));
    }

    /** NNI's key matching: lower case, underscores ignored. */
    static String fold(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "");
    }
}
