package org.chaekieum.hub.security;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource class: every request body a regional center's service account sends to it that is
 * {@link org.chaekieum.contracts.api.RegionBound} must name the caller's own region and one of its libraries
 * ({@link ServiceRegion#requireActsFor}), checked before the method runs. Declared once per resource, so a new
 * endpoint that takes such a body cannot forget the check; {@code RegionBoundEndpointsTest} fails for a write a
 * region service may call without one.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ActsForOwnRegion {
}
