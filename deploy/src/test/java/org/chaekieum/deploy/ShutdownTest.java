package org.chaekieum.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the launcher stops when it exits, including a part that starts while it is already stopping (Ctrl-C). */
class ShutdownTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();

    private AutoCloseable part(String name) {
        return new AutoCloseable() {
            @Override
            public void close() {
                closed.add(name);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void everyPartIsClosedInReverseOrderAndALateOneIsClosedAtOnceAndRefused() {
        try {
            Shutdown.register(part("postgres"));
            Shutdown.register(part("kafka"));
            Shutdown.closeAll();
            assertThat(closed).containsExactly("kafka", "postgres");

            assertThatThrownBy(() -> Shutdown.register(part("national-hub")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
            assertThat(closed).containsExactly("kafka", "postgres", "national-hub");
        } finally {
            Shutdown.closeAll();
            Shutdown.reopenForTests();
        }
    }
}
