package dev.sibyl.tuner.spi.space;

import java.util.Objects;

/**
 * One option of a nested {@code choice}: its {@code _name} and the sub-space that is active only when this
 * option is chosen. The parameter value of a chosen nested option is an object holding {@code _name} and one
 * value per sub-parameter.
 */
public record NestedOption(String name, SearchSpace subSpace) {
    public NestedOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subSpace, "subSpace");
    }
}
