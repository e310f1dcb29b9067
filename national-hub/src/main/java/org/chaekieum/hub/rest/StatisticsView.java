package org.chaekieum.hub.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/** The answer to a statistics request: what was asked, a row per period and group, and the totals of the rows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatisticsView(LocalDate from, LocalDate to, String groupBy, String interval, String region,
                             String library, List<StatisticsRow> rows, StatisticsRow totals) {
}
