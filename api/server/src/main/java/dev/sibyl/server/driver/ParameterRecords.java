package dev.sibyl.server.driver;

import dev.sibyl.scheduler.experiment.ParameterSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NNI's ParameterRecord, the text a trial receives ({@code parameter.cfg} or the HTTP channel): {@code
 * {"parameter_id": 0, "parameter_source": "algorithm", "parameters": {...}, "parameter_index": 0}}, keys in
 * that order, written as Python's {@code json.dumps} writes them. Customized trials have {@code
 * "parameter_id": null}.
 */
public final class ParameterRecords {
    private ParameterRecords() {}

    public static String write(Long parameterId, ParameterSource source, Map<String, Object> parameters) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("parameter_id", parameterId);
        record.put("parameter_source", source.wire());
        record.put("parameters", parameters);
        record.put("parameter_index", 0);
        return PythonJson.write(record);
    }
}
