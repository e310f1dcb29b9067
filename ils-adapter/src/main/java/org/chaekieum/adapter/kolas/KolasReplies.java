package org.chaekieum.adapter.kolas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The frames the bridge answers with. */
final class KolasReplies {

    /** The error's command name, the only thing the client tests to tell failure from success. */
    static final String ERROR = "ERROR";

    private KolasReplies() {
    }

    /** The answer to a port assignment: the address to connect to for the request. */
    static KolasFrame portAssignment(String host, int port) {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("IP", host);
        record.put("PORT", Integer.toString(port));
        return new KolasFrame(KolasServer.PORT_ASSIGNMENT, Map.of(), List.of(record));
    }

    /** A success answering a write: {@code 처리결과=OK}. */
    static KolasFrame ok(KolasFrame request) {
        return rows(request, List.of(Map.of("처리결과", "OK")));
    }

    /** A success with rows (Record0, Record1, ...) under the request's own command. */
    static KolasFrame rows(KolasFrame request, List<Map<String, String>> rows) {
        return new KolasFrame(request.command(), Map.of(), rows);
    }

    /**
     * An error: Command {@code ERROR}, Record0's first element {@code ID} the 14-character code in the documented
     * scheme ({@code M} + system {@code K} + the service number + {@code LCT} + {@code B} + the sub-service + the class
     * + a sequence), then the message the desk shows.
     *
     * @param errorClass SY frame, DB database, DT no data, MW middleware, ET exception
     */
    static KolasFrame error(KolasFrame request, String errorClass, int sequence, String message) {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("ID", code(request, errorClass, sequence));
        record.put("MSG", message == null ? "" : message);
        return new KolasFrame(ERROR, Map.of(), List.of(record));
    }

    static String code(KolasFrame request, String errorClass, int sequence) {
        String service = request.service();
        if (service.length() != 2) {
            service = "00";
        }
        String sub = request.subService();
        if (sub.length() != 2) {
            sub = "01";
        }
        return "MK" + service + "LCTB" + sub + errorClass + String.format("%02d", sequence % 100);
    }
}
