package org.chaekieum.region.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A report of a local library system kept until it can be applied, for the region's operators (numbers and codes
 * only: no names, no phone numbers).
 *
 * @param kind       LOAN or RETURN
 * @param waitingFor the error code of what holds it (MEMBER_NOT_FOUND, ITEM_ON_LOAN, LOAN_NOT_FOUND)
 * @param attempts   how often it was tried
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitingReportView(String libraryCode, String localKey, String kind, String memberNumber,
                                String itemBarcode, String waitingFor, Instant receivedAt, int attempts,
                                Instant lastTriedAt) {
}
