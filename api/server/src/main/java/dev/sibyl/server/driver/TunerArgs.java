package dev.sibyl.server.driver;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The classArgs a tuner is built with: the config's, plus what the experiment knows and the tuner can use. */
public final class TunerArgs {
    private TunerArgs() {}

    /**
     * {@code Auto} plans by budget: it gets the experiment's {@code maxTrialNumber} unless its classArgs set one.
     */
    public static Map<String, Object> of(String tunerName, Map<String, Object> classArgs, Integer maxTrialNumber) {
        if (!"auto".equals(tunerName.toLowerCase(Locale.ROOT))
                || maxTrialNumber == null
                || classArgs.containsKey("maxTrialNumber")) {
            return classArgs;
        }
        Map<String, Object> withBudget = new LinkedHashMap<>(classArgs);
        withBudget.put("maxTrialNumber", maxTrialNumber);
        return withBudget;
    }
}
