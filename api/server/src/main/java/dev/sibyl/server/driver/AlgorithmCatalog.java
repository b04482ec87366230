package dev.sibyl.server.driver;

import dev.sibyl.tuner.spi.Algorithms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The tuners and assessors experiments may name: the built-in ones found on the server's class path. */
@ApplicationScoped
public class AlgorithmCatalog {
    @Produces
    @Singleton
    Algorithms algorithms() {
        return Algorithms.builtin();
    }
}
