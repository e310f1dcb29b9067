package org.chaekieum.hub.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the chart library (uPlot, a WebJar from Maven Central) is served: {@code /webjars/uplot/<version>/dist}, the
 * version read from the WebJar's own Maven descriptor, so that upgrading it is a change of the pom only.
 */
final class ChartLibrary {

    static final String BASE = "/webjars/uplot/" + version() + "/dist";

    private ChartLibrary() {
    }

    private static String version() {
        try (InputStream in = ChartLibrary.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
