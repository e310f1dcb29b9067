package org.chaekieum.hub.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rebuild of the statistics from a day on. */
public record RebuildRequest(
        @Schema(description = "The first day to recount (YYYY-MM-DD, Korean day); its figures and every later day's "
                + "are deleted and counted again from the topic", example = "2026-11-20") String from) {
}
