package org.chaekieum.hub.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics as CSV (RFC 4180: comma-separated, CRLF line ends, a header row), UTF-8 with a byte order mark so that
 * spreadsheet programs read it as UTF-8 and show Korean. The columns are the JSON fields, the refusals flattened as
 * {@code refusals.<reason>}; the library column only when grouped by library; no totals row.
 */
final class StatisticsCsv {

    static final String MEDIA_TYPE = "text/csv";
    static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=UTF-8";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private StatisticsCsv() {
    }

    static byte[] write(List<StatisticsRow> rows, boolean byLibrary) {
        StringBuilder out = new StringBuilder(64 + rows.size() * 96);
        List<String> header = new ArrayList<>(List.of("period", "region"));
        if (byLibrary) {
            header.add("library");
        }
        header.addAll(List.of("checkouts", "degradedCheckouts", "returns", "returnsElsewhere", "renewals",
                "enrollments", "imports", "suspensions"));
        StatisticsRow.REFUSALS.keySet().forEach(reason -> header.add("refusals." + reason));
        header.add("distinctBorrowers");
        line(out, header);
        for (StatisticsRow row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.period(), row.region()));
            if (byLibrary) {
                cells.add(row.library());
            }
            for (long n : new long[] {row.checkouts(), row.degradedCheckouts(), row.returns(),
                    row.returnsElsewhere(), row.renewals(), row.enrollments(), row.imports(), row.suspensions()}) {
                cells.add(Long.toString(n));
            }
            StatisticsRow.REFUSALS.keySet().forEach(reason -> cells.add(Long.toString(row.refusals().get(reason))));
            cells.add(Long.toString(row.distinctBorrowers()));
            line(out, cells);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.length() + BOM.length);
        bytes.writeBytes(BOM);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /** A cell quoted when it holds a comma, quote or line break; a cell a spreadsheet would run as a formula, too. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
