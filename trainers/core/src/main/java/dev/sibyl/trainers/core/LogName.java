package dev.sibyl.trainers.core;

/** The per-trial logs every training service keeps. */
public enum LogName {
    STDOUT("stdout"),
    STDERR("stderr"),
    TRIAL_LOG("trial.log");

    private final String fileName;

    LogName(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public static LogName parse(String text) {
        for (LogName n : values()) {
            if (n.fileName.equalsIgnoreCase(text) || n.name().equalsIgnoreCase(text)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown log '" + text + "'; expected stdout, stderr or trial.log");
    }
}
