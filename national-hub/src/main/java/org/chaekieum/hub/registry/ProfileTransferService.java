package org.chaekieum.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ProfileTransferRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.client.HomeRegionGateway;
import org.chaekieum.hub.client.RegionAnswer;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.registry.RegistryQueries.RegistryEntry;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Routes a profile transfer (반입) from the importing region to the member's home region. The hub checks the number,
 * the member's status and the identity hash against the registry, then forwards the request and hands back the home
 * region's answer unchanged. It stores nothing of the profile and never logs it, nor the identity hash. No database
 * transaction is held while the home region is asked.
 */
@ApplicationScoped
public class ProfileTransferService {

    private static final Logger LOG = Logger.getLogger(ProfileTransferService.class);

    /** Statuses under which a number can no longer be imported. */
    static final Set<MemberStatus> NOT_ACTIVE = Set.of(MemberStatus.LINKED, MemberStatus.WITHDRAWN,
            MemberStatus.EXPELLED);

    @Inject
    RegistryQueries queries;

    @Inject
    HomeRegionGateway gateway;

    @Inject
    LibraryRegions regions;

    /** @return the home region's MemberProfile as the JSON it sent */
    public String transfer(String memberNumber, ProfileTransferRequest request) {
        validate(memberNumber, request);
        String from = LogSafe.clip(request.requestingRegion(), 32);
        String purpose = request.purpose() == null ? "unspecified" : request.purpose().name();

        RegistryEntry member = queries.entry(memberNumber).orElse(null);
        if (member == null) {
            // A legacy (migrated) number has no check digit; only an unknown number is held to the standard.
            UnifiedMemberNumber.parse(memberNumber);
            return transferNotYetRegistered(memberNumber, request, from, purpose);
        }
        String to = LogSafe.clip(member.region(), 32);
        if (NOT_ACTIVE.contains(member.status())) {
            log(memberNumber, from, to, purpose, "refused at hub: MEMBER_NOT_ACTIVE (" + member.status() + ")");
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("status", member.status().name());
            if (member.linkedTo() != null) {
                context.put("linkedTo", member.linkedTo());
            }
            throw ProblemException.because(ErrorCode.MEMBER_NOT_ACTIVE, notImportable(member.status()), memberNumber)
                    .withContext(context);
        }
        if (!sameIdentity(member.identityHash(), request.identityHash())) {
            log(memberNumber, from, to, purpose, "refused at hub: IDENTITY_MISMATCH");
            throw new ProblemException(ErrorCode.IDENTITY_MISMATCH);
        }
        return forward(member.region(), memberNumber, request, from, purpose);
    }

    /**
     * A number the registry does not hold yet: a member enrolled a moment ago whose event the hub has not applied. Its
     * first six digits name the issuing library, whose region is the member's home: the request goes there, and the
     * home region, which checks the identity hash itself, answers (a number it does not know either is its 404).
     */
    private String transferNotYetRegistered(String memberNumber, ProfileTransferRequest request, String from,
                                            String purpose) {
        Optional<String> home = regions.regionOf(memberNumber.substring(0, 6));
        if (home.isEmpty()) {
            log(memberNumber, from, "-", purpose, "refused at hub: MEMBER_NOT_FOUND");
            throw ProblemException.because(ErrorCode.MEMBER_NOT_FOUND, "not-in-registry", memberNumber);
        }
        log(memberNumber, from, LogSafe.clip(home.get(), 32), purpose,
                "not in the registry yet: asking the issuing library's region");
        return forward(home.get(), memberNumber, request, from, purpose);
    }

    private String forward(String homeRegion, String memberNumber, ProfileTransferRequest request, String from,
                           String purpose) {
        String to = LogSafe.clip(homeRegion, 32);
        if (gateway.endpoint(homeRegion).isEmpty()) {
            LOG.errorf("configuration error: no usable URL for home region %s (chaekieum.hub.regions.\"%s\".url); "
                    + "profile transfers to it answer 503", to, to);
            log(memberNumber, from, to, purpose, "unreachable: no URL configured");
            throw unreachable(homeRegion);
        }
        RegionAnswer answer;
        try {
            answer = gateway.transfer(homeRegion, memberNumber, request);
        } catch (Exception e) {
            // The fallback answers every failure; this is the last guard, and it does not fail open either.
            answer = new RegionAnswer.Unreachable(e.getClass().getSimpleName());
        }
        if (answer instanceof RegionAnswer.Profile profile) {
            log(memberNumber, from, to, purpose, "profile transferred");
            return profile.json();
        }
        if (answer instanceof RegionAnswer.Refused refused) {
            log(memberNumber, from, to, purpose, "refused by home region: " + LogSafe.clip(refused.problem().code(), 48)
                    + " (" + refused.status() + ")");
            throw new HomeRegionRefusalException(refused.status(), refused.problem(), homeRegion);
        }
        RegionAnswer.Unreachable unreachable = (RegionAnswer.Unreachable) answer;
        log(memberNumber, from, to, purpose, "unreachable: " + unreachable.reason());
        throw unreachable(homeRegion);
    }

    /** Constant-time comparison of the registry's hash with the presented one; a withdrawn member's null never matches. */
    static boolean sameIdentity(String registered, String presented) {
        if (registered == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(registered.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every field error of the request at once, every text within its bound ({@link ProfileTransferRequest}); a
     * malformed number alone is answered with its own code.
     */
    public static void validate(String memberNumber, ProfileTransferRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean numberMalformed = memberNumber == null || memberNumber.length() != 14
                || !memberNumber.chars().allMatch(c -> c >= '0' && c <= '9');
        if (numberMalformed) {
            errors.add(Problem.FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
        if (request == null) {
            errors.add(Problem.FieldError.of("requestingRegion", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.regionId(errors, "requestingRegion", request.requestingRegion());
        }
        if (request == null || blank(request.libraryCode())) {
            errors.add(Problem.FieldError.of("libraryCode", ErrorCode.FIELD_REQUIRED));
        } else if (!request.libraryCode().matches("[0-9]{6}")) {
            errors.add(Problem.FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (request == null || blank(request.identityHash())) {
            errors.add(Problem.FieldError.of("identityHash", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "identityHash", request.identityHash(), ProfileTransferRequest.IDENTITY_HASH_MAX);
        }
        if (request == null || request.consentAt() == null) {
            errors.add(Problem.FieldError.of("consentAt", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.instant(errors, "consentAt", request.consentAt());
        }
        if (request != null) {
            FieldChecks.line(errors, "requestedBy", request.requestedBy(), ProfileTransferRequest.REQUESTED_BY_MAX);
        }
        if (errors.isEmpty()) {
            return;
        }
        if (numberMalformed && errors.size() == 1) {
            throw new ProblemException(ErrorCode.MEMBER_NUMBER_INVALID).withErrors(errors);
        }
        throw ProblemException.invalid(errors);
    }

    private static ProblemException unreachable(String homeRegion) {
        return new ProblemException(ErrorCode.HOME_REGION_UNREACHABLE).withContext(Map.of("homeRegion", homeRegion));
    }

    private static void log(String memberNumber, String from, String to, String purpose, String outcome) {
        LOG.infof("profile transfer of %s from region %s to home region %s (%s): %s", memberNumber, from, to, purpose,
                outcome);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The detail of MEMBER_NOT_ACTIVE naming the status, one of {@link #NOT_ACTIVE}. */
    private static String notImportable(MemberStatus status) {
        return switch (status) {
            case WITHDRAWN -> "withdrawn-not-importable";
            case EXPELLED -> "expelled-not-importable";
            case LINKED -> "linked-not-importable";
            default -> throw new IllegalArgumentException(status + " is not one of " + NOT_ACTIVE);
        };
    }
}
