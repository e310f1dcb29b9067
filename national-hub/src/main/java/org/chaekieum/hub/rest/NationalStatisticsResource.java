package org.chaekieum.hub.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.security.StatisticsScope;
import org.chaekieum.hub.statistics.Measure;
import org.chaekieum.hub.statistics.StatisticsConfig;
import org.chaekieum.hub.statistics.StatisticsQueries;
import org.chaekieum.hub.statistics.StatisticsQueries.Figures;
import org.chaekieum.hub.statistics.StatisticsQuery;
import org.chaekieum.hub.statistics.StatisticsRebuilds;
import org.chaekieum.runtime.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * National monitoring (issue 15): daily figures per library, counted from the events the hub consumes, as JSON or as
 * CSV for spreadsheets; and their rebuild from the topic.
 */
@Path("/api/v1/national/statistics")
@Tag(name = "National statistics", description = "Daily figures per library and region: checkouts, returns, "
        + "returns elsewhere, renewals, enrollments, imports, suspensions, refusals by reason, distinct borrowers")
public class NationalStatisticsResource {

    @Inject
    StatisticsQueries queries;

    @Inject
    StatisticsRebuilds rebuilds;

    @Inject
    StatisticsScope scope;

    @Inject
    StatisticsConfig config;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Access.NATIONAL_MONITOR, Access.REGION_OPERATOR})
    @Produces({MediaType.APPLICATION_JSON, StatisticsCsv.MEDIA_TYPE})
    @Operation(summary = "Daily or monthly figures per region or library",
            description = "Counts of the events whose own business time (Korean time) falls in the period: a "
                    + "return elsewhere (타관반납) counts in `returns` at the lending library and in `returnsElsewhere` "
                    + "at the library where it was given back; refusals come from the regions' checkout.refused events "
                    + "only. Only periods with activity have rows. A regional operator (role region-operator) sees its "
                    + "own region only (its token's `region` claim). `Accept: text/csv` or `format=csv` answers CSV "
                    + "(UTF-8 with byte order mark, header row, the refusals as `refusals.<reason>` columns).")
    @APIResponse(responseCode = "200", description = "The figures",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StatisticsView.class)),
                    @Content(mediaType = StatisticsCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: every wrong parameter (from, to, groupBy, "
            + "interval, region, library, format) at once; a period longer than 400 days by day or 1,096 days by "
            + "month; an answer of more than 100,000 rows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "REGION_NOT_PERMITTED: a regional operator asked for another "
            + "region or one of its libraries",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response figures(
            @Parameter(description = "First day, YYYY-MM-DD (Korean day), included", required = true)
            @QueryParam("from") String from,
            @Parameter(description = "Last day, YYYY-MM-DD, included", required = true)
            @QueryParam("to") String to,
            @Parameter(description = "region (default) or library") @QueryParam("groupBy") String groupBy,
            @Parameter(description = "day (default) or month") @QueryParam("interval") String interval,
            @Parameter(description = "Only this region (a regional operator: its own)") @QueryParam("region")
            String region,
            @Parameter(description = "Only this library (6 digits)") @QueryParam("library") String library,
            @Parameter(description = "json or csv; without it the Accept header decides") @QueryParam("format")
            String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        StatisticsConfig.Query limits = config.query();
        StatisticsQuery query = StatisticsQuery.parse(from, to, groupBy, interval, region, library, format,
                limits.maxDaysByDay(), limits.maxDaysByMonth());
        boolean csv = query.format() != null ? query.format() == StatisticsQuery.Format.CSV : acceptsCsv(accept);
        String confinedTo = scope.regionFor(query.region(), query.library());
        List<Figures> figures = queries.figures(query, confinedTo, limits.maxRows() + 1);
        if (figures.size() > limits.maxRows()) {
            throw ProblemException.because(ErrorCode.VALIDATION_FAILED, "statistics-too-many-rows", limits.maxRows())
                    .withContext(Map.of("maxRows", limits.maxRows()));
        }
        List<StatisticsRow> rows = figures.stream().map(StatisticsRow::of).toList();
        boolean byLibrary = query.groupBy() == StatisticsQuery.GroupBy.LIBRARY;
        if (csv) {
            String name = "chaekieum-statistics-" + query.from() + "-" + query.to() + ".csv";
            return Response.ok(StatisticsCsv.write(rows, byLibrary), StatisticsCsv.CONTENT_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        }
        long[] totals = new long[Measure.values().length];
        for (Figures f : figures) {
            for (int i = 0; i < totals.length; i++) {
                totals[i] += f.values()[i];
            }
        }
        StatisticsView view = new StatisticsView(query.from(), query.to(), lower(query.groupBy()),
                lower(query.interval()), confinedTo, query.library(), rows,
                StatisticsRow.of(null, null, null, totals));
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/rebuilds")
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The statistics' current generation and how far its reading of the topic has come",
            description = "After a rebuild, the figures from its first day on are complete once remainingEvents is 0.")
    @APIResponse(responseCode = "200", description = "The current generation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RebuildView.class)))
    public RebuildView currentRebuild() {
        return view(rebuilds.current());
    }

    @POST
    @Path("/rebuilds")
    @RolesAllowed(Access.NATIONAL_MONITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recount the statistics from a day on, from the topic",
            description = "Deletes the figures from `from` on and counts the events of those days again from the "
                    + "member-events topic (read again from a day before `from`, by a new consumer group); earlier "
                    + "days keep theirs. Answered at once: follow it with GET .../rebuilds until remainingEvents is "
                    + "0. Only as far back as the topic still holds every event (its retention, 14 days in the "
                    + "reference deployment) and the counted event ids are kept (30 days, less 2).")
    @APIResponse(responseCode = "202", description = "The rebuild has started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RebuildView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED: from missing or not a date, after today, or "
            + "before the earliest day the topic and the kept ids cover (context.earliestFrom); nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "EVENT_BROKER_UNREACHABLE: the broker cannot say what the topic "
            + "holds; nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response rebuild(RebuildRequest request) {
        if (request == null) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST)
                    .withErrors(List.of(Problem.FieldError.of("from", ErrorCode.FIELD_REQUIRED)));
        }
        StatisticsRebuilds.State started = rebuilds.rebuild(request.from(), identity.getPrincipal().getName());
        return Response.status(Response.Status.ACCEPTED).entity(view(started)).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static RebuildView view(StatisticsRebuilds.State state) {
        var g = state.generation();
        return new RebuildView(g.number(), g.rebuildFrom(), g.readFrom(), g.requestedAt(), g.requestedBy(),
                state.remainingEvents());
    }

    /** Without {@code format}: CSV when the Accept header names text/csv before (or without) JSON. */
    private static boolean acceptsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        int csvAt = a.indexOf(StatisticsCsv.MEDIA_TYPE);
        int jsonAt = a.indexOf(MediaType.APPLICATION_JSON);
        return csvAt >= 0 && (jsonAt < 0 || csvAt < jsonAt);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
