package org.chaekieum.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.RegionBound;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.hub.rest.NationalLoanResource;
import org.chaekieum.hub.rest.NationalRegistryResource;
import org.chaekieum.hub.rest.NationalStatisticsResource;
import org.chaekieum.hub.rest.NationalSuspensionResource;
import org.junit.jupiter.api.Test;

/**
 * A write that a regional center's service account may call must be confined to its own region declaratively: its
 * resource carries {@link ActsForOwnRegion} and the method takes a {@link RegionBound} body, or it is one of the few
 * writes that confine the caller otherwise (listed here with how). A new endpoint that forgets fails this test.
 */
class RegionBoundEndpointsTest {

    /** Writes confined another way: the reason is the review. */
    private static final Map<String, String> CONFINED_OTHERWISE = Map.of(
            "NationalLoanResource.release", "releases only a reservation its own region made (ReservationService.release"
                    + " with the caller's region)",
            "NationalRegistryResource.identityLookup", "reads whether a keyed identity hash is enrolled; names no"
                    + " region or library and writes nothing a region owns");

    private static final List<Class<?>> RESOURCES = List.of(NationalLoanResource.class, NationalRegistryResource.class,
            NationalSuspensionResource.class, NationalStatisticsResource.class);

    @Test
    void everyWriteARegionServiceMayCallIsConfinedToItsOwnRegion() {
        List<String> unconfined = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            assertThat(resource.isAnnotationPresent(Path.class)).isTrue();
            for (Method method : resource.getDeclaredMethods()) {
                if (!isWrite(method) || !admitsRegionServices(resource, method)) {
                    continue;
                }
                String name = resource.getSimpleName() + "." + method.getName();
                boolean bound = resource.isAnnotationPresent(ActsForOwnRegion.class) && Arrays.stream(
                        method.getParameterTypes()).anyMatch(RegionBound.class::isAssignableFrom);
                if (!bound && !CONFINED_OTHERWISE.containsKey(name)) {
                    unconfined.add(name);
                }
            }
        }
        assertThat(unconfined).as("writes a region service may call without a region-bound body").isEmpty();
    }

    @Test
    void theListOfExceptionsNamesOnlyMethodsThatExist() {
        for (String name : CONFINED_OTHERWISE.keySet()) {
            String[] parts = name.split("\\.");
            assertThat(RESOURCES.stream().filter(r -> r.getSimpleName().equals(parts[0]))
                    .flatMap(r -> Arrays.stream(r.getDeclaredMethods())).map(Method::getName)).as(name)
                    .contains(parts[1]);
        }
    }

    private static boolean isWrite(Method method) {
        return method.isAnnotationPresent(POST.class) || method.isAnnotationPresent(PUT.class)
                || method.isAnnotationPresent(PATCH.class) || method.isAnnotationPresent(DELETE.class);
    }

    private static boolean admitsRegionServices(Class<?> resource, Method method) {
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getAnnotation(RolesAllowed.class);
        }
        return roles != null && Arrays.asList(roles.value()).contains(Access.REGION_SERVICE);
    }
}
