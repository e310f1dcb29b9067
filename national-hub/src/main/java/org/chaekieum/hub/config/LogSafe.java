package org.chaekieum.hub.config;

/** Helpers that keep log lines free of anything that could identify a person. */
public final class LogSafe {
    private LogSafe() {
    }

    /** An identity hash shortened to 8 characters: enough to correlate, never the whole hash. */
    public static String hash(String identityHash) {
        if (identityHash == null) {
            return "null";
        }
        return identityHash.length() <= 8 ? "********" : identityHash.substring(0, 8) + "...";
    }

    /** A client-supplied value cut to a safe length for a log line. */
    public static String clip(String value, int max) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
