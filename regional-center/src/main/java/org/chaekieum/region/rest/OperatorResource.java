package org.chaekieum.region.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.chaekieum.region.service.RetentionService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Regional operators' actions. */
@Path("/api/v1/operator")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator", description = "Regional center operations")
public class OperatorResource {

    @Inject
    RetentionService retention;

    /** The numbers whose personal data a retention run erased. */
    public record RetentionRun(int erased, List<String> memberNumbers) {
    }

    @POST
    @Path("/retention-runs")
    @Operation(summary = "Erase members inactive for longer than the retention period, now")
    public RetentionRun runRetention() {
        List<String> numbers = retention.run();
        return new RetentionRun(numbers.size(), numbers);
    }
}
