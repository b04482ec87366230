package dev.sibyl.tenant;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The second wall of tenant isolation: a database connection handed out during a request that acts for a
 * tenant runs as role {@code sibyl_tenant} with {@code sibyl.tenant_id} set to that tenant, so PostgreSQL's
 * row-level security policies (migration V3) hide every other tenant's rows even from a query that forgot its
 * {@code tenant_id} filter. Work outside tenant requests (the experiment drivers, the metric writer, the trial
 * channel, authentication itself) keeps the owning role, which the policies do not restrict; that is the only
 * bypass and it never serves a tenant's request.
 */
@ApplicationScoped
public class TenantConnectionScope implements AgroalPoolInterceptor {
    static final String ROLE = "sibyl_tenant";

    private final Set<Connection> scoped =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    @Inject
    TenantContext context;

    @Override
    public void onConnectionAcquire(Connection connection) {
        if (!Arc.container().requestContext().isActive() || !context.resolved()) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement(
                "select set_config('role', '" + ROLE + "', false), set_config('sibyl.tenant_id', ?, false)")) {
            s.setString(1, Long.toString(context.tenantId()));
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("could not scope the database connection to the tenant", e);
        }
        scoped.add(physical(connection));
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        if (!scoped.remove(physical(connection))) {
            return;
        }
        try {
            reset(connection);
        } catch (SQLException first) {
            // An aborted transaction refuses every statement until it is rolled back.
            try {
                connection.rollback();
                reset(connection);
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw new IllegalStateException("could not reset the tenant scope of a database connection", second);
            }
        }
    }

    /** The pool hands interceptors a new wrapper each time; the physical connection underneath is stable. */
    private static Connection physical(Connection connection) {
        try {
            return connection.unwrap(Connection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the physical database connection", e);
        }
    }

    private static void reset(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("reset role; reset sibyl.tenant_id");
        }
    }
}
