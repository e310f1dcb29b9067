package org.chaekieum.runtime.messaging;

/**
 * A readable event that its topic's writer could not have sent: it names another region, or a library of another
 * region, than the one whose principal alone may write the topic. Never applied; dead-lettered and counted with the
 * reason {@code sender}.
 */
public class WrongSenderException extends RuntimeException {

    public WrongSenderException(String message) {
        super(message, null, false, false);
    }
}
