package org.chaekieum.adapter.sip2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.chaekieum.adapter.kiosk.KioskAccount;

/**
 * One kiosk connection's state: its account once logged in, the last answer (for 97 and for a resent request), and the
 * patron whose card password was verified in the current patron session (so that a kiosk sending AD with every
 * message costs one check at the region, not one per message). Used by one message at a time.
 */
public final class Sip2Session {

    private final String remote;
    private volatile KioskAccount account;
    private int loginFailures;
    private byte[] lastRequest;
    private Integer lastSequence;
    private byte[] lastResponse;
    private String verifiedPatron;
    private byte[] verifiedPassword;
    private String location;

    public Sip2Session(String remote) {
        this.remote = remote;
    }

    public String remote() {
        return remote;
    }

    public KioskAccount account() {
        return account;
    }

    public boolean loggedIn() {
        return account != null;
    }

    public Charset charset() {
        KioskAccount current = account;
        return current == null ? StandardCharsets.UTF_8 : current.charset();
    }

    public boolean errorDetectionRequired() {
        KioskAccount current = account;
        return current != null && current.errorDetection();
    }

    void loggedIn(KioskAccount account, String location) {
        this.account = account;
        this.location = location;
        this.loginFailures = 0;
        endPatronSession();
    }

    void loggedOut() {
        this.account = null;
        endPatronSession();
    }

    int loginFailed() {
        return ++loginFailures;
    }

    String location() {
        return location;
    }

    byte[] lastResponse() {
        return lastResponse;
    }

    /**
     * The answer to the same request sent again (identical bytes and sequence number), if this was the last request.
     * A kiosk without error detection has no sequence number: identical bytes are the same request.
     */
    byte[] answerToRepeat(byte[] fingerprint, Integer sequence) {
        return lastRequest != null && lastResponse != null && Arrays.equals(lastRequest, fingerprint)
                && Objects.equals(lastSequence, sequence) ? lastResponse : null;
    }

    void answered(byte[] fingerprint, Integer sequence, byte[] response) {
        this.lastRequest = fingerprint;
        this.lastSequence = sequence;
        this.lastResponse = response;
    }

    void answeredWithoutRequest(byte[] response) {
        this.lastRequest = null;
        this.lastSequence = null;
        this.lastResponse = response;
    }

    boolean passwordVerified(String patron, byte[] passwordDigest) {
        return patron.equals(verifiedPatron) && verifiedPassword != null
                && java.security.MessageDigest.isEqual(verifiedPassword, passwordDigest);
    }

    void passwordVerified(String patron, byte[] passwordDigest, boolean verified) {
        if (verified) {
            this.verifiedPatron = patron;
            this.verifiedPassword = passwordDigest;
        } else if (patron.equals(verifiedPatron)) {
            endPatronSession();
        }
    }

    boolean patronVerified(String patron) {
        return patron.equals(verifiedPatron);
    }

    void endPatronSession() {
        this.verifiedPatron = null;
        this.verifiedPassword = null;
    }
}
