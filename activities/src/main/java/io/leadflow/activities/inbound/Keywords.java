package io.leadflow.activities.inbound;

import java.util.Locale;
import java.util.Set;

/**
 * The opt-out and opt-in keywords of inbound messages: a message that is only one of these words (any case, with
 * spaces or a full stop around it), as carriers and Meta's own guidance use them. "Stop calling me at night" is a
 * message, not a keyword.
 */
final class Keywords {

    static final Set<String> OPT_OUT = Set.of("STOP", "UNSUBSCRIBE", "STOPALL", "CANCEL", "END", "QUIT", "OPTOUT",
            "OPT OUT", "OPT-OUT");
    static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "SUBSCRIBE", "OPTIN", "OPT IN", "OPT-IN");

    private Keywords() {
    }

    /** True to opt out, false to opt back in, null when the text is not a keyword. */
    static Boolean optOut(String text) {
        if (text == null) {
            return null;
        }
        String word = text.strip().replaceAll("[.!]+$", "").strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT.contains(word)) {
            return Boolean.TRUE;
        }
        return OPT_IN.contains(word) ? Boolean.FALSE : null;
    }
}
