package org.chaekieum.deploy;

import java.io.IOException;

/** A stand-in for a packaged service in {@link LocalSecretsTest}: it idles until its standard input closes. */
public final class IdleService {

    private IdleService() {
    }

    public static void main(String[] args) throws IOException {
        while (System.in.read() != -1) {
            // nothing to do: the launcher never writes; -1 when it closes the pipe or goes away
        }
    }
}
