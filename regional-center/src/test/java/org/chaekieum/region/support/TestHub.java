package org.chaekieum.region.support;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.contracts.api.FederatedReturn;
import org.chaekieum.contracts.api.IdentityLookupRequest;
import org.chaekieum.contracts.api.IdentityLookupResponse;
import org.chaekieum.contracts.api.LoanReservation;
import org.chaekieum.contracts.api.LoanReservationRequest;
import org.chaekieum.contracts.api.LoanStatus;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.MemberProfile;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.api.RightsGrant;
import org.chaekieum.contracts.api.RightsRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.testsupport.TestClock;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Stands in for the national hub in this module's component tests (served by the application under test at
 * /test-hub): identity look-ups and profile transfers from other regions' members. The end-to-end tests in the deploy
 * module run the real hub and real regions instead.
 */
@Path("/test-hub/api/v1/national")
@PermitAll
public class TestHub {

    private static volatile String lastAuthorization;
    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Like the real hub, refuses a call without a bearer token; remembers the last one for the tests. */
    @ServerRequestFilter
    public Response requireBearer(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().contains("test-hub/")) {
            return null;
        }
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 20) {
            return Response.status(401).build();
        }
        lastAuthorization = authorization;
        CALLS.incrementAndGet();
        return null;
    }

    /** How many calls the region made to the hub since the last {@link #reset()}. */
    public static int calls() {
        return CALLS.get();
    }

    /** The Authorization header of the last call the region made to the hub. */
    public static String lastAuthorization() {
        return lastAuthorization;
    }

    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();
    private static final Map<String, MemberProfile> PROFILES = new ConcurrentHashMap<>();
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    private static final Map<String, Integer> TRANSFERS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, String>> LEDGER = new ConcurrentHashMap<>();
    /** Items lent by another region, by barcode: the loan that region would end on a routed return. */
    private static final Map<String, LoanView> ELSEWHERE = new ConcurrentHashMap<>();
    private static final Map<String, List<FederatedReturn>> ROUTED = new ConcurrentHashMap<>();
    /** Rights of the national cap the region under test holds per member, in this stand-in's ledger. */
    private static final Map<String, Integer> RIGHTS = new ConcurrentHashMap<>();
    /** Rights other (imagined) regions hold per member and give back when asked. */
    private static final Map<String, Integer> ELSEWHERE_RIGHTS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> GRANTS = new ConcurrentHashMap<>();
    private static final AtomicInteger RIGHTS_ASKS = new AtomicInteger();
    private static volatile int nationalCap = 20;
    private static volatile boolean down;

    public static void reset() {
        KNOWN.clear();
        PROFILES.clear();
        HASHES.clear();
        TRANSFERS.clear();
        LEDGER.clear();
        ELSEWHERE.clear();
        ROUTED.clear();
        RIGHTS.clear();
        ELSEWHERE_RIGHTS.clear();
        GRANTS.clear();
        RIGHTS_ASKS.set(0);
        nationalCap = 20;
        down = false;
        CALLS.set(0);
    }

    public static void knows(String identityHash, String memberNumber) {
        KNOWN.put(identityHash, memberNumber);
    }

    /** The hub (and the home region behind it) will hand out this profile to whoever presents the identity hash. */
    public static void holds(MemberProfile profile, String identityHash) {
        PROFILES.put(profile.memberNumber(), profile);
        HASHES.put(profile.memberNumber(), identityHash);
    }

    public static int transfersOf(String memberNumber) {
        return TRANSFERS.getOrDefault(memberNumber, 0);
    }

    /** How many times the region asked for rights since the last {@link #reset()}. */
    public static int rightsAsks() {
        return RIGHTS_ASKS.get();
    }

    /** Other regions hold {@code count} of the member's rights, which they give back when the hub asks. */
    public static void heldElsewhere(String memberNumber, int count) {
        ELSEWHERE_RIGHTS.put(memberNumber, count);
    }

    /** The stand-in's ledger starts the member with {@code held} rights at the region under test (its open loans). */
    public static void rightsHeldHere(String memberNumber, int held) {
        RIGHTS.put(memberNumber, held);
    }

    /** What the stand-in's ledger gives the region under test for the member. */
    public static int rightsOf(String memberNumber) {
        return RIGHTS.getOrDefault(memberNumber, 0);
    }

    public static void nationalCap(int cap) {
        nationalCap = cap;
    }

    public static void down(boolean isDown) {
        down = isDown;
    }

    @POST
    @Path("/identity-lookups")
    public Response lookup(IdentityLookupRequest request) {
        if (down) {
            return Response.status(503).build();
        }
        String number = KNOWN.get(request.identityHash());
        return Response.ok(number == null ? IdentityLookupResponse.none()
                : new IdentityLookupResponse(true, number, number.substring(0, 6), "gyeonggi", MemberStatus.NORMAL)).build();
    }

    @POST
    @Path("/members/{memberNumber}/profile-transfers")
    public Response transfer(@PathParam("memberNumber") String memberNumber, ProfileTransferRequest request) {
        if (down) {
            return problem(ErrorCode.HOME_REGION_UNREACHABLE);
        }
        MemberProfile profile = PROFILES.get(memberNumber);
        if (profile == null) {
            return problem(ErrorCode.MEMBER_NOT_FOUND);
        }
        if (!HASHES.get(memberNumber).equals(request.identityHash())) {
            return problem(ErrorCode.IDENTITY_MISMATCH);
        }
        TRANSFERS.merge(memberNumber, 1, Integer::sum);
        return Response.ok(profile).build();
    }

    /**
     * Rights for the region under test, as the hub grants them: every unallocated right of the cap, else what other
     * regions hold (all of it, as if they gave it back); the same move id again answers the same grant.
     */
    @POST
    @Path("/members/{memberNumber}/rights/grants")
    public synchronized Response grantRights(@PathParam("memberNumber") String memberNumber, RightsRequest request) {
        if (down) {
            return Response.status(503).build();
        }
        RIGHTS_ASKS.incrementAndGet();
        Integer earlier = GRANTS.get(request.moveId());
        int held = RIGHTS.getOrDefault(memberNumber, 0);
        int elsewhere = ELSEWHERE_RIGHTS.getOrDefault(memberNumber, 0);
        int granted;
        if (earlier != null) {
            granted = earlier;
        } else {
            granted = Math.max(0, nationalCap - held - elsewhere);
            if (granted == 0 && elsewhere > 0) {
                granted = elsewhere;
                ELSEWHERE_RIGHTS.put(memberNumber, 0);
                elsewhere = 0;
            }
            if (granted > 0) {
                GRANTS.put(request.moveId(), granted);
                held += granted;
                RIGHTS.put(memberNumber, held);
            }
        }
        return Response.ok(new RightsGrant(memberNumber, request.region(), request.moveId(), granted, held,
                nationalCap, nationalCap - held - elsewhere)).build();
    }

    @POST
    @Path("/loan-reservations")
    public synchronized Response reserve(LoanReservationRequest request) {
        if (down) {
            return Response.status(503).build();
        }
        Map<String, String> loans = LEDGER.computeIfAbsent(request.memberNumber(), n -> new ConcurrentHashMap<>());
        if (loans.containsKey(request.loanId())) {
            return Response.ok(reservation(request.loanId(), loans)).build();
        }
        if (loans.size() >= nationalCap) {
            return Response.status(409).type(Problem.MEDIA_TYPE).entity(Problem.of(ErrorCode.NATIONAL_CAP_REACHED, null,
                    null, Map.of("nationalCap", nationalCap, "activeLoans", loans.size(),
                            "loansPerLibrary", perLibrary(loans)))).build();
        }
        loans.put(request.loanId(), request.libraryCode());
        return Response.status(201).entity(reservation(request.loanId(), loans)).build();
    }

    @DELETE
    @Path("/loan-reservations/{loanId}")
    public Response release(@PathParam("loanId") String loanId) {
        LEDGER.values().forEach(loans -> loans.remove(loanId));
        return Response.noContent().build();
    }

    @GET
    @Path("/members/{memberNumber}/loans")
    public Response loans(@PathParam("memberNumber") String memberNumber) {
        if (down) {
            return Response.status(503).build();
        }
        Map<String, String> loans = LEDGER.getOrDefault(memberNumber, Map.of());
        return Response.ok(new MemberLoans(memberNumber, nationalCap, loans.size(), perLibrary(loans), List.of())).build();
    }

    /** Another region lends this item to this member: a return of it routed through the hub ends that loan. */
    public static void lentElsewhere(String itemBarcode, String memberNumber) {
        String owner = itemBarcode.substring(1, 7);
        ELSEWHERE.put(itemBarcode, new LoanView(UUID.randomUUID().toString(), memberNumber, owner, owner,
                itemBarcode, TestClock.now(), TestClock.today().plusDays(14), 0, 0,
                LoanStatus.ACTIVE, false, null, null, null));
    }

    /** The returns routed to the owning region, in the order they arrived (repeats included). */
    public static List<FederatedReturn> routedReturns(String itemBarcode) {
        return List.copyOf(ROUTED.getOrDefault(itemBarcode, List.of()));
    }

    /** Like the owning region behind the hub: ends the loan once, answers a repeat of the same return the same. */
    @POST
    @Path("/returns")
    public synchronized Response routeReturn(FederatedReturn request) {
        if (down) {
            return Response.status(503).build();
        }
        ROUTED.computeIfAbsent(request.itemBarcode(), item -> new CopyOnWriteArrayList<>())
                .add(request);
        LoanView loan = ELSEWHERE.get(request.itemBarcode());
        if (loan == null) {
            return problem(ErrorCode.ITEM_NOT_ON_LOAN);
        }
        if (loan.returnedAt() != null) {
            // As the owning region: the same return again (same library, within the hour) gets its answer.
            boolean same = loan.returnedAtLibrary().equals(request.returnedAtLibrary())
                    && !loan.returnedAt().isAfter(request.returnedAt())
                    && loan.returnedAt().isAfter(request.returnedAt().minus(Duration.ofHours(1)));
            return same ? Response.ok(loan).build() : problem(ErrorCode.ITEM_NOT_ON_LOAN);
        }
        LoanView ended = new LoanView(loan.loanId(), loan.memberNumber(), loan.libraryCode(), loan.owningLibrary(),
                loan.itemBarcode(), loan.checkedOutAt(), loan.dueOn(), loan.renewals(), loan.renewalsLeft(),
                LoanStatus.RETURNED, false, request.returnedAt(), request.returnedAtLibrary(),
                TransitState.RETURNED_ELSEWHERE);
        ELSEWHERE.put(request.itemBarcode(), ended);
        return Response.ok(ended).build();
    }

    /** The national ledger's transits: none of other regions in these tests. */
    @GET
    @Path("/libraries/{libraryCode}/transits")
    public Response transits(@PathParam("libraryCode") String libraryCode) {
        return down ? Response.status(503).build() : Response.ok(List.of()).build();
    }

    private static LoanReservation reservation(String loanId, Map<String, String> loans) {
        return new LoanReservation(loanId, nationalCap, loans.size(), perLibrary(loans));
    }

    private static Map<String, Integer> perLibrary(Map<String, String> loans) {
        Map<String, Integer> counts = new TreeMap<>();
        loans.values().forEach(library -> counts.merge(library, 1, Integer::sum));
        return counts;
    }

    private static Response problem(ErrorCode code) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).entity(Problem.of(code, null)).build();
    }
}
