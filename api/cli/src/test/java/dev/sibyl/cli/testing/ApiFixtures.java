package dev.sibyl.cli.testing;

/** Realistic answers of the Sibyl API (shapes from docs/api.md). */
public final class ApiFixtures {

    public static final String EXPERIMENTS = FakeSibylServer.TENANT_BASE + "/experiments";

    private ApiFixtures() {}

    public static String experimentPath(String id) {
        return EXPERIMENTS + "/" + id;
    }

    /** An {@code Experiment} with a local training service and realistic counts. */
    public static String experiment(String id, String name, String status) {
        return experiment(id, name, status, 4, 3, 0.93);
    }

    public static String experiment(String id, String name, String status, int running, int succeeded, Double best) {
        return """
                {"id":"%s","name":"%s","status":"%s","message":null,
                 "config":{"experimentName":"%s","searchSpace":{"x":{"_type":"uniform","_value":[-5,5]}},
                   "trialCommand":"python3 trial.py","trialCodeDirectory":".","trialConcurrency":4,"maxTrialNumber":20,
                   "tuner":{"name":"TPE","classArgs":{"optimize_mode":"maximize"}},
                   "trainingService":{"platform":"local","useActiveGpu":false}},
                 "createdAt":"2026-11-28T09:59:58Z","startedAt":"2026-11-28T09:59:59Z","endedAt":null,
                 "execDurationSeconds":3723,"trialConcurrency":4,"maxTrialNumber":20,"maxExperimentDuration":null,
                 "maxTrialDuration":null,"optimizeMode":"maximize",
                 "trialCounts":{"WAITING":0,"RUNNING":%d,"SUCCEEDED":%d,"FAILED":0,"USER_CANCELED":0,
                   "SYS_CANCELED":0,"EARLY_STOPPED":0},
                 "bestTrial":%s}
                """.formatted(
                        id,
                        name,
                        status,
                        name,
                        running,
                        succeeded,
                        best == null ? "null" : "{\"id\":\"Ab3x9\",\"value\":" + best + "}");
    }

    /** A JSON list of experiments. */
    public static String list(String... experiments) {
        return "[" + String.join(",", experiments) + "]";
    }

    public static String trial(String id, int sequence, String status, Double finalMetric) {
        return """
                {"id":"%s","sequenceId":%d,"parameterId":%d,"parameterSource":"algorithm","status":"%s",
                 "parameters":{"x":%s},"startedAt":"2026-11-28T10:00:0%dZ","endedAt":%s,"message":null,
                 "finalMetric":%s,"intermediateCount":10}
                """.formatted(
                        id,
                        sequence,
                        sequence,
                        status,
                        1.5 + sequence,
                        sequence,
                        status.equals("RUNNING") ? "null" : "\"2026-11-28T10:05:00Z\"",
                        finalMetric == null ? "null" : finalMetric.toString());
    }

    public static String problem(int status, String code, String title, String detail, String errorsJson) {
        return """
                {"type":"https://sibyl.dev/problems/%s","title":"%s","status":%d,"detail":"%s",
                 "instance":"/api/v1/tenants/default/experiments","code":"%s",
                 "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","errors":%s}
                """.formatted(code, title, status, detail, code, errorsJson);
    }
}
