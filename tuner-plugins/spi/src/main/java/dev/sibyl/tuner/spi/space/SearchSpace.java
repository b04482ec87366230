package dev.sibyl.tuner.spi.space;

import dev.sibyl.tuner.spi.InvalidInputException;
import dev.sibyl.tuner.spi.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * An NNI search space: parameter names (in file order) mapped to {@link Dimension}s. Built with {@link
 * #parse}, which applies NNI's validation rules and reports every violation with its field path.
 */
public final class SearchSpace {
    private final Map<String, Dimension> dimensions;

    public SearchSpace(Map<String, Dimension> dimensions) {
        this.dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    public Map<String, Dimension> dimensions() {
        return dimensions;
    }

    public boolean isEmpty() {
        return dimensions.isEmpty();
    }

    /**
     * Parses a JSON search space given as Java objects (maps, lists, strings, numbers). Field paths in
     * violations start with {@code root} (e.g. {@code searchSpace}).
     *
     * @throws InvalidInputException listing every violation found
     */
    public static SearchSpace parse(Object json, String root) {
        List<Violation> violations = new ArrayList<>();
        SearchSpace space = parseInto(json, root, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return space;
    }

    public static SearchSpace parse(Object json) {
        return parse(json, "searchSpace");
    }

    private static SearchSpace parseInto(Object json, String path, List<Violation> violations) {
        if (!(json instanceof Map<?, ?> map)) {
            violations.add(new Violation(path, "must be a JSON object mapping parameter names to {_type, _value}"));
            return new SearchSpace(Map.of());
        }
        Map<String, Dimension> dims = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = path + "." + name;
            Dimension d = parseDimension(e.getValue(), at, violations);
            if (d != null) {
                dims.put(name, d);
            }
        }
        return new SearchSpace(dims);
    }

    private static Dimension parseDimension(Object spec, String path, List<Violation> violations) {
        if (!(spec instanceof Map<?, ?> m)) {
            violations.add(new Violation(path, "must be an object with _type and _value"));
            return null;
        }
        for (Object key : m.keySet()) {
            if (!"_type".equals(key) && !"_value".equals(key)) {
                violations.add(new Violation(path + "." + key, "unknown key; a parameter has only _type and _value"));
            }
        }
        if (!(m.get("_type") instanceof String type)) {
            violations.add(new Violation(path + "._type", "is not set or not a string"));
            return null;
        }
        if (!(m.get("_value") instanceof List<?> values)) {
            violations.add(new Violation(path + "._value", "is not set or not a list"));
            return null;
        }
        String at = path + "._value";
        switch (type) {
            case "choice":
                return parseChoice(values, at, violations);
            case "randint": {
                List<Double> nums = numbers(values, 2, at, violations);
                if (nums == null) {
                    return null;
                }
                for (int i = 0; i < 2; i++) {
                    if (!(values.get(i) instanceof Integer || values.get(i) instanceof Long)
                            && nums.get(i) != Math.rint(nums.get(i))) {
                        violations.add(new Violation(at, "randint bounds must be integers"));
                        return null;
                    }
                }
                if (Math.ceil(nums.get(0)) >= Math.ceil(nums.get(1))) {
                    violations.add(new Violation(at, "randint needs lower < upper (upper is exclusive)"));
                    return null;
                }
                return RandInt.of(nums.get(0), nums.get(1));
            }
            default:
                return parseNumeric(type, values, path, at, violations);
        }
    }

    private static Dimension parseNumeric(
            String type, List<?> values, String path, String at, List<Violation> violations) {
        Numeric.Kind kind;
        try {
            kind = Numeric.Kind.fromType(type);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(
                    path + "._type",
                    "unknown type '" + type + "'; expected one of choice, randint, uniform, quniform, loguniform,"
                            + " qloguniform, normal, qnormal, lognormal, qlognormal"));
            return null;
        }
        List<Double> nums = numbers(values, kind.quantized() ? 3 : 2, at, violations);
        if (nums == null) {
            return null;
        }
        double a = nums.get(0);
        double b = nums.get(1);
        double q = kind.quantized() ? nums.get(2) : Double.NaN;
        if (kind.quantized() && !(q > 0)) {
            violations.add(new Violation(at, "q must be > 0"));
        } else if (kind.normal() && !(b > 0)) {
            violations.add(new Violation(at, "sigma must be > 0"));
        } else if (!kind.normal() && !(a < b)) {
            violations.add(new Violation(at, "low must be < high"));
        } else if (!kind.normal() && kind.log() && !(a > 0)) {
            violations.add(new Violation(at, "low must be > 0 for " + type));
        } else {
            return new Numeric(kind, a, b, q);
        }
        return null;
    }

    private static Dimension parseChoice(List<?> values, String at, List<Violation> violations) {
        if (values.isEmpty()) {
            violations.add(new Violation(at, "choice needs at least one option"));
            return null;
        }
        boolean nested = values.stream().allMatch(v -> v instanceof Map<?, ?> m && m.containsKey("_name"));
        if (!nested) {
            return new Choice(new ArrayList<>(values));
        }
        List<Object> options = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Map<?, ?> option = (Map<?, ?>) values.get(i);
            String optionPath = at + "[" + i + "]";
            if (!(option.get("_name") instanceof String name) || name.isEmpty()) {
                violations.add(new Violation(optionPath + "._name", "must be a non-empty string"));
                continue;
            }
            if (!names.add(name)) {
                violations.add(new Violation(optionPath + "._name", "duplicate option name '" + name + "'"));
            }
            Map<String, Object> sub = new LinkedHashMap<>();
            option.forEach((k, v) -> {
                if (!"_name".equals(k)) {
                    sub.put(String.valueOf(k), v);
                }
            });
            options.add(new NestedOption(name, parseInto(sub, optionPath, violations)));
        }
        return options.size() == values.size() ? new Choice(options) : null;
    }

    private static List<Double> numbers(List<?> values, int arity, String at, List<Violation> violations) {
        if (values.size() != arity) {
            violations.add(new Violation(at, "must have exactly " + arity + " numbers, got " + values.size()));
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof Number n) || v instanceof Boolean || !Double.isFinite(n.doubleValue())) {
                violations.add(new Violation(at, "must contain only finite numbers, got " + v));
                return null;
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    /**
     * This space as NNI's JSON form (maps, lists, strings and numbers), so that {@code parse(toJson())} equals
     * it: what a plugin host is sent. Randint bounds come out already rounded up.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        dimensions.forEach((name, d) -> out.put(name, Map.of("_type", d.type(), "_value", values(d))));
        return out;
    }

    private static List<Object> values(Dimension d) {
        if (d instanceof Numeric n) {
            return n.kind().quantized() ? List.of(n.a(), n.b(), n.q()) : List.of(n.a(), n.b());
        }
        if (d instanceof RandInt r) {
            return List.of(r.lower(), r.upper());
        }
        List<Object> options = new ArrayList<>();
        for (Object option : ((Choice) d).options()) {
            if (option instanceof NestedOption nested) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("_name", nested.name());
                o.putAll(nested.subSpace().toJson());
                options.add(o);
            } else {
                options.add(option);
            }
        }
        return options;
    }

    /**
     * Problems with a parameter set as handed to a trial: missing or extra keys, values outside their
     * dimension, wrong nested keys. Empty when the parameters are valid.
     */
    public List<String> check(Map<String, ?> parameters, String path) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Dimension> e : dimensions.entrySet()) {
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (!parameters.containsKey(e.getKey())) {
                problems.add(at + ": missing");
            } else {
                problems.addAll(e.getValue().check(at, parameters.get(e.getKey())));
            }
        }
        for (String key : parameters.keySet()) {
            if (!dimensions.containsKey(key)) {
                problems.add((path.isEmpty() ? key : path + "." + key) + ": not in the search space");
            }
        }
        return problems;
    }

    public List<String> check(Map<String, ?> parameters) {
        return check(parameters, "");
    }

    /** A draw from the prior of every dimension (nested choices recursively), as a trial receives it. */
    public Map<String, Object> sample(RandomGenerator rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        dimensions.forEach((name, d) -> out.put(name, sample(d, rng)));
        return out;
    }

    private static Object sample(Dimension d, RandomGenerator rng) {
        if (d instanceof Choice c) {
            Object option = c.option(rng.nextInt(c.size()));
            if (option instanceof NestedOption nested) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("_name", nested.name());
                value.putAll(nested.subSpace().sample(rng));
                return value;
            }
            return option;
        }
        if (d instanceof RandInt r) {
            return r.lower() + rng.nextLong(r.size());
        }
        return ((Numeric) d).sample(rng);
    }

    @Override
    public String toString() {
        return "SearchSpace" + dimensions;
    }
}
