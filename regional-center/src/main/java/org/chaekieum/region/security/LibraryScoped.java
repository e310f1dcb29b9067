package org.chaekieum.region.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource: its {@code {libraryCode}} path parameter names the library the caller acts at, which must be one of
 * the library codes of the caller's token ({@link CallerScope}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LibraryScoped {
}
