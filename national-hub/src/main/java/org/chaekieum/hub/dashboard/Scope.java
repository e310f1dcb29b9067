package org.chaekieum.hub.dashboard;

/** What a set of figures covers: the whole federation, one region, or one library. */
public record Scope(Level level, String id) {

    public enum Level {
        NATIONAL, REGION, LIBRARY
    }

    public static Scope national() {
        return new Scope(Level.NATIONAL, null);
    }

    public static Scope region(String regionId) {
        return new Scope(Level.REGION, regionId);
    }

    public static Scope library(String libraryCode) {
        return new Scope(Level.LIBRARY, libraryCode);
    }

    /** A key for caches: {@code national}, {@code region:seoul}, {@code library:141001}. */
    public String key() {
        return level == Level.NATIONAL ? "national" : level.name().toLowerCase() + ":" + id;
    }
}
