package org.chaekieum.adapter.kolas;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A KOLAS III frame: {@code <Frame><Header><Command>...</Command>...</Header><Body><Body1><Record0 Count="n">
 * <Korean-name>value</Korean-name>...</Record0>...</Body1></Body></Frame>}, values as strings.
 *
 * <p>Read with the JDK's StAX parser (no DTD, no external entities: a frame can name no file or URL). Written in the
 * plain shape the client's own writer uses and its simple parser expects: no XML declaration, one element per line,
 * tabs, CRLF, {@code & " < >} escaped as entities and {@code '} doubled, {@code Count} the number of elements of the
 * record.
 *
 * @param command the header's Command (e.g. {@code IL_K08_LOC_B01_SERVICE}, or {@code ERROR})
 * @param header  the other header elements in order (Reiteration, ClientIp, ...)
 * @param records Body1's records in order, each its elements in order
 */
public record KolasFrame(String command, Map<String, String> header, List<Map<String, String>> records) {

    public KolasFrame {
        header = Map.copyOf(header == null ? Map.of() : header);
        records = records == null ? List.of() : records.stream().map(r -> (Map<String, String>)
                Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
    }

    /** A frame that could not be read. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            XML.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException e) {
            // not supported by this implementation: DTDs are off anyway
        }
    }

    /** The first record's value of an element, or "" when absent. */
    public String value(String element) {
        if (records.isEmpty()) {
            return "";
        }
        String value = records.get(0).get(element);
        return value == null ? "" : value;
    }

    /** The number after {@code K} in the command ({@code IL_K08_LOC_B01_SERVICE} -> "08"), or "" when there is none. */
    public String service() {
        return part(1, 1);
    }

    /** The sub-service ({@code IL_K08_LOC_B01_SERVICE} -> "01"), or "01" when the command does not say. */
    public String subService() {
        String sub = part(3, 1);
        return sub.isEmpty() ? "01" : sub;
    }

    private String part(int index, int skip) {
        String[] parts = command == null ? new String[0] : command.split("_");
        if (parts.length <= index || parts[index].length() <= skip) {
            return "";
        }
        String p = parts[index].substring(skip);
        return p.chars().allMatch(Character::isDigit) ? p : "";
    }

    /** Reads a frame from its UTF-8 payload. */
    public static KolasFrame parse(byte[] payload) throws Unreadable {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("payload is not UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String command = null;
        Map<String, String> header = new LinkedHashMap<>();
        List<Map<String, String>> records = new ArrayList<>();
        try {
            XMLStreamReader in = XML.createXMLStreamReader(new StringReader(text));
            try {
                if (in.nextTag() != XMLStreamConstants.START_ELEMENT || !"Frame".equals(in.getLocalName())) {
                    throw new Unreadable("the root element is not Frame");
                }
                while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    String section = in.getLocalName();
                    if ("Header".equals(section)) {
                        while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
                            String name = in.getLocalName();
                            String value = unquote(in.getElementText());
                            if ("Command".equals(name)) {
                                command = value.strip();
                            } else {
                                header.put(name, value);
                            }
                        }
                    } else if ("Body".equals(section)) {
                        while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
                            boolean first = "Body1".equals(in.getLocalName());
                            while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
                                Map<String, String> record = new LinkedHashMap<>();
                                while (in.nextTag() == XMLStreamConstants.START_ELEMENT) {
                                    String name = in.getLocalName();
                                    String value = unquote(in.getElementText());
                                    if (record.putIfAbsent(name, value) != null) {
                                        throw new Unreadable("element " + name + " twice in one record");
                                    }
                                }
                                if (first) {
                                    records.add(record);
                                }
                            }
                        }
                    } else {
                        throw new Unreadable("unexpected element " + section);
                    }
                }
                if (in.next() != XMLStreamConstants.END_DOCUMENT) {
                    while (in.hasNext()) {
                        int event = in.next();
                        if (event == XMLStreamConstants.START_ELEMENT
                                || event == XMLStreamConstants.CHARACTERS && !in.isWhiteSpace()) {
                            throw new Unreadable("content after Frame");
                        }
                    }
                }
            } finally {
                in.close();
            }
        } catch (XMLStreamException | IllegalStateException | NoSuchElementException e) {
            throw new Unreadable("not a well-formed frame: " + firstLine(e.getMessage()));
        }
        if (command == null || command.isEmpty()) {
            throw new Unreadable("no Command in the header");
        }
        return new KolasFrame(command, header, records);
    }

    /** The frame's UTF-8 text in the client's own shape. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(256);
        out.append("<Frame>\r\n");
        out.append("\t<Header>\r\n");
        element(out, 2, "Command", command);
        header.forEach((name, value) -> element(out, 2, name, value));
        out.append("\t</Header>\r\n");
        out.append("\t<Body>\r\n");
        out.append("\t\t<Body1>\r\n");
        for (int i = 0; i < records.size(); i++) {
            Map<String, String> record = records.get(i);
            out.append("\t\t\t<Record").append(i).append(" Count=\"").append(record.size()).append("\">\r\n");
            record.forEach((name, value) -> element(out, 4, name, value));
            out.append("\t\t\t</Record").append(i).append(">\r\n");
        }
        out.append("\t\t</Body1>\r\n");
        out.append("\t</Body>\r\n");
        out.append("</Frame>");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder out, int depth, String name, String value) {
        out.append("\t".repeat(depth)).append('<').append(name).append('>').append(escape(value == null ? "" : value))
                .append("</").append(name).append(">\r\n");
    }

    /** The client writer's escaping: entities for {@code & " < >}, {@code '} doubled. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("''");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Undoes the doubled apostrophe of the client's writer. */
    static String unquote(String value) {
        return value.indexOf('\'') < 0 ? value : value.replace("''", "'");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
