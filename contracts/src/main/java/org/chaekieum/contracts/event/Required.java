package org.chaekieum.contracts.event;

/** Required-field checks for payload schemas: a payload missing one fails to read and goes to the dead-letter topic. */
final class Required {
    private Required() {
    }

    static <T> T field(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("required field missing: " + name);
        }
        return value;
    }
}
