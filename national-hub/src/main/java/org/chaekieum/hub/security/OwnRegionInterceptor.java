package org.chaekieum.hub.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.chaekieum.contracts.api.RegionBound;

/** Applies {@link ActsForOwnRegion}: the region and library of each region-bound argument are the caller's own. */
@ActsForOwnRegion
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class OwnRegionInterceptor {

    @Inject
    ServiceRegion serviceRegion;

    @AroundInvoke
    Object confine(InvocationContext invocation) throws Exception {
        for (Object argument : invocation.getParameters()) {
            if (argument instanceof RegionBound bound) {
                serviceRegion.requireActsFor(bound.actingRegion(), bound.actingLibrary());
            }
        }
        return invocation.proceed();
    }
}
