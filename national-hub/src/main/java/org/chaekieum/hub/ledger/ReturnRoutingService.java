package org.chaekieum.hub.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.FederatedTransit;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.hub.client.RegionAnswer;
import org.chaekieum.hub.client.RegionLoansGateway;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.registry.HomeRegionRefusalException;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Routes a return at a library of one region (타관반납) to the region of the item's owning library, read from the
 * barcode. On the owning region's 200 the loan ends in the ledger at once; its refusals pass through; no answer is an
 * explicit 503 HOME_REGION_UNREACHABLE. No database transaction is held while the region is asked.
 */
@ApplicationScoped
public class ReturnRoutingService {

    private static final Logger LOG = Logger.getLogger(ReturnRoutingService.class);

    @Inject
    Clock clock;

    @Inject
    LibraryRegions regions;

    @Inject
    RegionLoansGateway gateway;

    @Inject
    LedgerService ledger;

    /** @return the owning region's LoanView as the JSON it sent */
    public String route(FederatedReturn request) {
        LoanRequests.validate(request);
        ItemBarcode barcode = ItemBarcode.parse(request.itemBarcode());
        String from = LogSafe.clip(request.requestingRegion(), 32);
        String to = owningRegion(barcode, "return", from);
        RegionAnswer answer = ask(() -> gateway.returnItem(to, request));
        if (answer instanceof RegionAnswer.Returned returned) {
            ledger.onRoutedReturn(returned.loan(), request, to);
            LOG.infof("return of %s at %s (region %s) routed to region %s: loan %s ended", barcode.value(),
                    request.returnedAtLibrary(), from, to, LogSafe.clip(returned.loan().loanId(), 36));
            return returned.json();
        }
        throw failed(answer, "return", barcode, request.returnedAtLibrary(), from, to);
    }

    /**
     * Routes a transit step (SHIPPED, BACK_HOME) taken at a library of another region to the region of the item's
     * owning library, where the loan lives; on its 200 the ledger's copy of the state moves at once.
     *
     * @return the owning region's LoanView as the JSON it sent
     */
    public String routeTransit(FederatedTransit request) {
        LoanRequests.validate(request);
        ItemBarcode barcode = ItemBarcode.parse(request.itemBarcode());
        String from = LogSafe.clip(request.requestingRegion(), 32);
        String to = owningRegion(barcode, "transit step", from);
        RegionAnswer answer = ask(() -> gateway.advanceTransit(to, request));
        if (answer instanceof RegionAnswer.Returned moved) {
            if (moved.loan().transit() != null) {
                ledger.onTransitChanged(moved.loan().loanId(), moved.loan().transit(), clock.instant());
            }
            LOG.infof("transit step %s of %s at %s (region %s) routed to region %s", request.state(), barcode.value(),
                    request.atLibrary(), from, to);
            return moved.json();
        }
        throw failed(answer, "transit step", barcode, request.atLibrary(), from, to);
    }

    /** The gateway's answer; anything it throws counts as no answer. */
    private static RegionAnswer ask(Callable<RegionAnswer> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return new RegionAnswer.Unreachable(e.getClass().getSimpleName());
        }
    }

    /** The region of the item's owning library, or a 503 when none is configured (a configuration error, logged). */
    private String owningRegion(ItemBarcode barcode, String what, String from) {
        String owning = barcode.owningLibrary().value();
        Optional<String> region = regions.regionOf(owning);
        if (region.isEmpty()) {
            LOG.errorf("configuration error: no region has library region code %s "
                    + "(chaekieum.hub.regions.\"<id>\".library-region-code); %s of an item of %s from region %s "
                    + "answers 503", barcode.owningLibrary().regionDigits(), what, owning, from);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("owningLibrary", owning);
            context.put("libraryRegionCode", barcode.owningLibrary().regionDigits());
            throw ProblemException.because(ErrorCode.HOME_REGION_UNREACHABLE, "no-region-for-library", owning)
                    .withContext(context);
        }
        String to = region.get();
        if (gateway.endpoint(to).isEmpty()) {
            LOG.errorf("configuration error: no usable URL for region %s (chaekieum.hub.regions.\"%s\".url); routed "
                    + "calls to it answer 503", LogSafe.clip(to, 32), LogSafe.clip(to, 32));
            throw unreachable(to);
        }
        return to;
    }

    /** The owning region's refusal passed through, or its absence as an explicit 503. */
    private static RuntimeException failed(RegionAnswer answer, String what, ItemBarcode barcode, String atLibrary,
                                           String from, String to) {
        if (answer instanceof RegionAnswer.Refused refused) {
            LOG.infof("%s of %s at %s (region %s) refused by region %s: %s (%d)", what, barcode.value(), atLibrary,
                    from, to, LogSafe.clip(refused.problem().code(), 48), refused.status());
            return new HomeRegionRefusalException(refused.status(), refused.problem(), to);
        }
        RegionAnswer.Unreachable unreachable = (RegionAnswer.Unreachable) answer;
        LOG.warnf("%s of %s at %s (region %s): owning region %s unreachable: %s", what, barcode.value(), atLibrary,
                from, LogSafe.clip(to, 32), unreachable.reason());
        return unreachable(to);
    }

    private static ProblemException unreachable(String region) {
        return ProblemException.because(ErrorCode.HOME_REGION_UNREACHABLE, "owning-region", region)
                .withContext(Map.of("region", region));
    }
}
