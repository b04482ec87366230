package dev.sibyl.tenant;

import java.util.Objects;

/** A person as a verified identity-provider token (a Keycloak JWT) describes them. */
public record Person(String subject, String email, String name, boolean platformAdmin) {
    public Person {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
    }
}
