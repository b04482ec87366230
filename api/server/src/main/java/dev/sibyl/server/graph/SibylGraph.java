package dev.sibyl.server.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sibyl.server.experiment.ExperimentService;
import dev.sibyl.server.experiment.ExperimentView;
import dev.sibyl.server.graph.GraphNodes.ExperimentNode;
import dev.sibyl.server.graph.GraphNodes.MemberNode;
import dev.sibyl.server.graph.GraphNodes.MetricNode;
import dev.sibyl.server.graph.GraphNodes.QuotaNode;
import dev.sibyl.server.graph.GraphNodes.StatusCount;
import dev.sibyl.server.graph.GraphNodes.TenantNode;
import dev.sibyl.server.graph.GraphNodes.TrialNode;
import dev.sibyl.server.graph.GraphNodes.UsageNode;
import dev.sibyl.server.metric.MetricEntity;
import dev.sibyl.server.problem.ProblemException;
import dev.sibyl.server.tenancy.QuotaGate;
import dev.sibyl.server.trial.TrialView;
import dev.sibyl.server.trial.TrialViews;
import dev.sibyl.tenant.Authenticator;
import dev.sibyl.tenant.Caller;
import dev.sibyl.tenant.Membership;
import dev.sibyl.tenant.Quota;
import dev.sibyl.tenant.Quotas;
import dev.sibyl.tenant.Scope;
import dev.sibyl.tenant.Tenant;
import dev.sibyl.tenant.TenantAccessException;
import dev.sibyl.tenant.TenantContext;
import dev.sibyl.tenant.User;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.GraphQLException;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * The read model the portal uses, at {@code /graphql}: one tenant per request, entered through {@code
 * tenant(slug)} with the same credentials, scopes and roles as REST (and the same row-level security, because the
 * tenant becomes the request's). Errors carry the REST problem codes in {@code extensions.code}; another tenant
 * is {@code not-found}.
 */
@GraphQLApi
public class SibylGraph {
    @Inject
    Authenticator authenticator;

    @Inject
    TenantContext context;

    @Inject
    RoutingContext http;

    @Inject
    ExperimentService experiments;

    @Inject
    TrialViews trials;

    @Inject
    Quotas quotas;

    @Inject
    QuotaGate quotaGate;

    @Inject
    EntityManager entities;

    @Inject
    ObjectMapper json;

    @Query("tenant")
    @Description("The tenant with this slug, as the caller sees it")
    public TenantNode tenant(@NonNull @Name("slug") String slug) throws GraphQLException {
        String header = http.request().getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : null;
        String address = http.request().remoteAddress() == null
                ? null
                : http.request().remoteAddress().hostAddress();
        Caller caller;
        try {
            caller = authenticator.enterTenant(bearer, slug, address);
        } catch (TenantAccessException e) {
            throw translate(e);
        }
        if (!caller.may(Scope.EXPERIMENTS_READ)) {
            throw new GraphErrors.Forbidden("this credential may not read experiments");
        }
        Tenant t = Tenant.findBySlug(slug).orElseThrow();
        return new TenantNode(t.slug, t.name, t.status, caller.role().stored());
    }

    public List<ExperimentNode> experiments(@Source TenantNode tenant) throws GraphQLException {
        long id = tenantOf(tenant);
        return experiments.list(id).stream().map(this::node).toList();
    }

    public ExperimentNode experiment(@Source TenantNode tenant, @NonNull @Name("id") String experimentId)
            throws GraphQLException {
        long id = tenantOf(tenant);
        try {
            return node(experiments.get(id, experimentId));
        } catch (ProblemException e) {
            throw new GraphErrors.NotFound("there is no experiment '" + experimentId + "'");
        }
    }

    public List<TrialNode> trials(@Source ExperimentNode experiment) throws GraphQLException {
        requireEntered();
        return trials.list(experiment.id(), Optional.empty()).stream()
                .map(t -> node(experiment.id(), t))
                .toList();
    }

    @Transactional
    public List<MetricNode> metrics(@Source TrialNode trial, @Name("type") String type) throws GraphQLException {
        requireEntered();
        if (type != null && !type.equals("FINAL") && !type.equals("PERIODICAL")) {
            throw new GraphErrors.Invalid("type must be FINAL or PERIODICAL");
        }
        TypedQuery<MetricEntity> query = entities.createQuery(
                        "select m from MetricEntity m where m.tenantId = :t and m.experimentId = :e and m.trialId = :trial"
                                + (type == null ? "" : " and m.type = :type")
                                + " order by m.type, m.sequence",
                        MetricEntity.class)
                .setParameter("t", context.tenantId())
                .setParameter("e", trial.experimentId())
                .setParameter("trial", trial.id());
        if (type != null) {
            query.setParameter("type", type);
        }
        List<MetricEntity> rows = query.getResultList();
        return rows.stream()
                .map(m -> new MetricNode(m.trialId, m.type, m.sequence, m.value, text(m.createdAt)))
                .toList();
    }

    @Transactional
    public List<MemberNode> members(@Source TenantNode tenant) throws GraphQLException {
        long id = tenantOf(tenant);
        List<Membership> rows = Membership.list("tenantId = ?1 order by id", id);
        return rows.stream()
                .map(m -> {
                    User u = User.findById(m.userId);
                    return new MemberNode(m.userId, u.email, u.name, m.role);
                })
                .toList();
    }

    public QuotaNode quota(@Source TenantNode tenant) throws GraphQLException {
        Quota q = quotas.of(tenantOf(tenant));
        return new QuotaNode(
                q.maxConcurrentGpus(),
                q.maxConcurrentTrials(),
                q.maxRunningExperiments(),
                q.maxPluginStorageBytes(),
                q.weight());
    }

    @Transactional
    public UsageNode usage(@Source TenantNode tenant) throws GraphQLException {
        long id = tenantOf(tenant);
        QuotaGate.Usage u = quotaGate.usage(id, null);
        return new UsageNode(u.runningExperiments(), u.concurrentTrials(), u.concurrentGpus());
    }

    private long tenantOf(TenantNode tenant) throws GraphQLException {
        requireEntered();
        if (!context.slug().equals(tenant.slug())) {
            throw new GraphErrors.NotFound("tenant '" + tenant.slug() + "' does not exist");
        }
        return context.tenantId();
    }

    private void requireEntered() throws GraphQLException {
        if (!context.resolved()) {
            throw new GraphErrors.Unauthenticated("enter a tenant with tenant(slug) first");
        }
    }

    private static GraphQLException translate(TenantAccessException e) {
        switch (e.kind()) {
            case UNKNOWN_TENANT:
                return new GraphErrors.NotFound(e.getMessage());
            case FORBIDDEN:
                return new GraphErrors.Forbidden(e.getMessage());
            default:
                return new GraphErrors.Unauthenticated(e.getMessage());
        }
    }

    private ExperimentNode node(ExperimentView e) {
        return new ExperimentNode(
                e.id(),
                e.name(),
                e.status(),
                e.message(),
                text(e.createdAt()),
                text(e.endedAt()),
                e.trialConcurrency(),
                e.maxTrialNumber(),
                e.optimizeMode(),
                e.bestTrial() == null ? null : e.bestTrial().id(),
                e.bestTrial() == null ? null : e.bestTrial().value(),
                write(e.config()),
                write(e.searchSpace()),
                e.trialCounts().entrySet().stream()
                        .map(c -> new StatusCount(c.getKey(), c.getValue()))
                        .toList());
    }

    private TrialNode node(String experimentId, TrialView t) {
        return new TrialNode(
                experimentId,
                t.id(),
                t.sequenceId(),
                t.parameterId(),
                t.status(),
                write(t.parameters()),
                text(t.startedAt()),
                text(t.endedAt()),
                t.finalMetric() == null ? null : write(t.finalMetric()),
                t.intermediateCount());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored document could not be written as JSON", e);
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
