package dev.sibyl.tuner.spi.space;

import java.util.List;

/**
 * One hyper-parameter of an NNI search space: a {@link Choice}, a {@link RandInt} or a {@link Numeric}
 * distribution. Every dimension can check whether a value (as handed to a trial) belongs to it.
 */
public sealed interface Dimension permits Choice, RandInt, Numeric {
    /** NNI's {@code _type} string. */
    String type();

    /**
     * Problems with {@code value} as a value of this dimension; empty when it is valid. {@code path} names
     * the parameter in the messages.
     */
    List<String> check(String path, Object value);
}
