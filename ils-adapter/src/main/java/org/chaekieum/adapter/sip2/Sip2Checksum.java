package org.chaekieum.adapter.sip2;

import java.util.Locale;

/**
 * Error detection of SIP2: the checksum is the binary sum of every byte of the message from its first character up to
 * and including {@code AZ}, negated (two's complement), as four hexadecimal digits. It is computed over the bytes as
 * they travel, so it holds in any character set.
 */
public final class Sip2Checksum {

    private Sip2Checksum() {
    }

    public static String of(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return String.format(Locale.ROOT, "%04X", (-sum) & 0xFFFF);
    }

    public static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }
}
