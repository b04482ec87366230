package dev.sibyl.server.pool;

import dev.sibyl.server.secret.ConfigSecrets;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Pools and their queues, for platform admins (docs/api.md, Pools). */
@Path("/api/v1/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {
    @Inject
    PoolService pools;

    @Inject
    PoolScheduler scheduler;

    @Inject
    PoolHealth health;

    /** A pool as the API shows it. */
    public record PoolView(
            String name,
            String kind,
            List<PoolMachine> machines,
            List<String> allowedTenants,
            Map<String, String> labels,
            Map<String, Object> connection,
            Map<String, Object> health,
            boolean discovered) {
        @SuppressWarnings("unchecked")
        static PoolView of(PoolEntity p) {
            return new PoolView(
                    p.name,
                    p.kind,
                    p.machines,
                    p.allowedTenants,
                    p.labels,
                    (Map<String, Object>) ConfigSecrets.redactTree(p.connection),
                    p.health,
                    p.discovered);
        }
    }

    @GET
    @Operation(summary = "List the pools")
    public List<PoolView> list() {
        return pools.list().stream().map(PoolView::of).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Show a pool")
    public PoolView get(@PathParam("name") String name) {
        return PoolView.of(pools.get(name));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a pool")
    public PoolView put(@PathParam("name") String name, PoolService.PoolRequest body) {
        return PoolView.of(pools.put(name, body));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a pool")
    public Response delete(@PathParam("name") String name) {
        pools.delete(name);
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/health")
    @Operation(summary = "Probe the pool's machines now: reachable, GPUs seen, last error, last contact")
    public Map<String, MachineHealth> health(@PathParam("name") String name) {
        return health.probe(name);
    }

    @GET
    @Path("{name}/queue")
    @Operation(summary = "The trials waiting for the pool, in the order the scheduler will consider them, with why")
    public List<QueueEntry> queue(@PathParam("name") String name) {
        pools.get(name);
        return scheduler.queue(name);
    }
}
