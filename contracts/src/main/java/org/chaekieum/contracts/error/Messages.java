package org.chaekieum.contracts.error;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Pattern;

/**
 * The refusal texts in English and Korean, from one message bundle keyed by {@link ErrorCode}
 * ({@code org/chaekieum/contracts/error/messages.properties} and {@code messages_ko.properties}): {@code <CODE>} is the
 * code's own message, {@code <CODE>.<detail>} a more specific detail. Services name the detail and pass its values;
 * they hold no texts themselves.
 *
 * <p>A text with arguments is a {@link MessageFormat} pattern with plain placeholders ({@code {0}}); every value is
 * passed as its {@code String.valueOf} (so a number is never grouped, a date reads as its ISO form), or, when it is a
 * {@link Text}, in the language being rendered. A text without arguments is used as it is.
 */
public final class Messages {

    static final String BUNDLE = "org.chaekieum.contracts.error.messages";
    static final Pattern PLACEHOLDER = Pattern.compile("\\{[0-9]");

    private static final ResourceBundle EN = load(Locale.ROOT);
    private static final ResourceBundle KO = load(Locale.KOREAN);

    private Messages() {
    }

    /** A text in English and in Korean. */
    public record Text(String en, String ko) {
    }

    /** The code's own message. */
    public static Text of(ErrorCode code) {
        return new Text(en(code.name()), ko(code.name()));
    }

    /** The detail {@code <code>.<detail>} of the bundle with its values. */
    public static Text of(ErrorCode code, String detail, Object... args) {
        String key = code.name() + "." + detail;
        return new Text(render(EN, key, args, false), render(KO, key, args, true));
    }

    static String en(String key, Object... args) {
        return render(EN, key, args, false);
    }

    static String ko(String key, Object... args) {
        return render(KO, key, args, true);
    }

    private static String render(ResourceBundle bundle, String key, Object[] args, boolean korean) {
        String pattern = bundle.getString(key);
        if (!PLACEHOLDER.matcher(pattern).find()) {
            return pattern;
        }
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i] instanceof Text text ? (korean ? text.ko() : text.en()) : String.valueOf(args[i]);
        }
        return new MessageFormat(pattern, Locale.ROOT).format(values);
    }

    private static ResourceBundle load(Locale locale) {
        // No fallback to the JVM's default locale: English is the base bundle, whatever the machine's locale.
        return ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
