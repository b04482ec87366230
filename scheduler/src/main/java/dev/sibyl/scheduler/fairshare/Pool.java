package dev.sibyl.scheduler.fairshare;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named group of machines trials can be placed on.
 *
 * @param allowedTenants tenant ids that may use the pool; empty means every tenant
 */
public record Pool(
        String name, PoolKind kind, List<Machine> machines, Set<String> allowedTenants, Map<String, String> labels) {
    public Pool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        machines = List.copyOf(machines);
        allowedTenants = Set.copyOf(allowedTenants);
        labels = Map.copyOf(labels);
        Set<String> ids = new HashSet<>();
        for (Machine machine : machines) {
            if (!ids.add(machine.id())) {
                throw new IllegalArgumentException("pool " + name + " repeats machine " + machine.id());
            }
        }
    }

    public static Pool of(String name, List<Machine> machines) {
        return new Pool(name, PoolKind.LOCAL, machines, Set.of(), Map.of());
    }

    public boolean admits(String tenantId) {
        return allowedTenants.isEmpty() || allowedTenants.contains(tenantId);
    }
}
