package org.chaekieum.runtime.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method (or a whole resource): each client may call it only as often as the limit of this name allows
 * ({@code chaekieum.rate-limit."<name>".capacity} and {@code .refill-period}); beyond it the call is refused with
 * {@code 429 RATE_LIMITED} and {@code Retry-After} before the method runs ({@link RateLimitFilter}). Endpoints of one
 * name share a client's budget.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /** The limit's name, e.g. {@code import}: lower case, words separated by '-'. */
    String value();
}
