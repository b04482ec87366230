package dev.sibyl.tenant;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** The wall clock for beans that inject {@link InstantSource}; tests may replace it with their own bean. */
@ApplicationScoped
public class SystemTime {
    @Produces
    @DefaultBean
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }
}
