package dev.sibyl.tenant;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope (and so the least role) a tenant endpoint needs. Without it, reads (GET, HEAD) need {@link
 * Scope#EXPERIMENTS_READ} and everything else {@link Scope#EXPERIMENTS_WRITE}. A method's annotation wins over
 * its class's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    Scope value();
}
