package dev.sibyl.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/** Users (created on their first signed-in request) and their memberships. */
@ApplicationScoped
public class People {
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);

    @Inject
    InstantSource clock;

    /** The user for {@code person}, created on first sight; email, name and platform-admin follow the provider. */
    @Transactional
    public User provision(Person person) {
        Instant now = clock.instant();
        User user = User.findBySubject(person.subject()).orElseGet(() -> {
            User u = new User();
            u.subject = person.subject();
            u.createdAt = now;
            return u;
        });
        user.email = person.email();
        user.name = person.name();
        user.platformAdmin = person.platformAdmin();
        if (user.lastSeenAt == null
                || !user.lastSeenAt.plus(LAST_SEEN_RESOLUTION).isAfter(now)) {
            user.lastSeenAt = now;
        }
        if (!user.isPersistent()) {
            user.persist();
        }
        return user;
    }

    /** The caller a signed-in person is in {@code tenantId}: their membership role and every scope. */
    @Transactional
    public Optional<Caller> callerIn(long tenantId, User user) {
        return Membership.find(tenantId, user.id)
                .map(m ->
                        new Caller(tenantId, Role.parse(m.role), Scope.all(), null, user.id, null, user.platformAdmin));
    }

    /** Adds or changes a membership. */
    @Transactional
    public Membership setRole(long tenantId, long userId, Role role) {
        Membership m = Membership.find(tenantId, userId).orElseGet(() -> {
            Membership n = new Membership();
            n.tenantId = tenantId;
            n.userId = userId;
            n.createdAt = clock.instant();
            return n;
        });
        m.role = role.stored();
        if (!m.isPersistent()) {
            m.persist();
        }
        return m;
    }
}
