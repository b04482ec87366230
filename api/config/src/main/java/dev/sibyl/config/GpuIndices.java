package dev.sibyl.config;

import dev.sibyl.tuner.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * NNI GPU index fields ({@code gpuIndices}, {@code tunerGpuIndices}): a list of ints, one int, or a comma
 * separated string such as {@code "0,1"}; canonicalized to a list. Duplicates and negatives are rejected.
 */
final class GpuIndices {
    private GpuIndices() {}

    static List<Integer> parse(Object value, String field) {
        List<Integer> indices = new ArrayList<>();
        if (value instanceof String text) {
            for (String part : text.split(",", -1)) {
                try {
                    indices.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(
                            field,
                            "must be a list of GPU indices, an index, or a string like '0,1', got '" + text + "'");
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Integer i)) {
                    throw new InvalidInputException(
                            field, "must contain only integer GPU indices, got " + JsonTree.describe(item));
                }
                indices.add(i);
            }
        } else if (value instanceof Integer i) {
            indices.add(i);
        } else {
            throw new InvalidInputException(
                    field,
                    "must be a list of GPU indices, an index, or a string like '0,1', got " + JsonTree.describe(value));
        }
        Set<Integer> seen = new HashSet<>();
        for (int index : indices) {
            if (index < 0) {
                throw new InvalidInputException(field, "must not contain negative GPU indices, got " + indices);
            }
            if (!seen.add(index)) {
                throw new InvalidInputException(field, "must not repeat GPU index " + index + ", got " + indices);
            }
        }
        return List.copyOf(indices);
    }
}
