package org.chaekieum.hub.rest;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The statistics' current reading of the topic (generation) and how far its consumer group has come. */
@Schema(description = "The current generation of the statistics: a rebuild starts the next one")
public record RebuildView(
        @Schema(description = "1 for the first reading; one more for each rebuild") long generation,
        @Schema(description = "The first day the generation recounted (absent for generation 1)") LocalDate from,
        @Schema(description = "Where its consumer group began to read the topic (absent: the topic's beginning)")
        Instant readFrom,
        Instant requestedAt,
        String requestedBy,
        @Schema(description = "Events its consumer group has still to read (0: caught up); absent when the broker "
                + "cannot say")
        Long remainingEvents) {
}
