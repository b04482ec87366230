package dev.sibyl.server.usage;

/** Prometheus text exposition format 0.0.4: families with HELP and TYPE, samples labelled by tenant and pool. */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder();

    void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, String tenant, String pool, double value) {
        out.append(name).append('{');
        if (tenant != null) {
            out.append("tenant=\"").append(escape(tenant)).append("\",");
        }
        out.append("pool=\"").append(escape(pool)).append("\"} ");
        out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : value);
        out.append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
