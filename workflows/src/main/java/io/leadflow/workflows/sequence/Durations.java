package io.leadflow.workflows.sequence;

import io.leadflow.contracts.rule.Action;
import java.time.Duration;

/** Short human texts for the Temporal Web UI: "wait 2 days", "send WhatsApp template welcome". */
final class Durations {

    private Durations() {
    }

    static String describe(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0 && seconds > 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0 && seconds > 0) {
            return plural(seconds / 3_600, "hour");
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return plural(seconds / 60, "minute");
        }
        if (seconds > 0) {
            return plural(seconds, "second");
        }
        return duration.toMillis() + " ms";
    }

    static String summary(Action action) {
        String subject = switch (action.type()) {
            case Action.SEND_WHATSAPP -> action.param("text") != null ? "send WhatsApp text"
                    : "send WhatsApp template " + action.param("templateName");
            case Action.SEND_EMAIL -> "send email \"" + shorten(action.param("subject")) + "\"";
            case Action.MOVE_STAGE -> "move to " + (action.param("stageName") != null ? action.param("stageName")
                    : action.param("stageId"));
            case Action.ADD_TAG -> "add tag " + action.param("tag");
            case Action.REMOVE_TAG -> "remove tag " + action.param("tag");
            case Action.ASSIGN_TO -> "assign to " + action.param("userId");
            case Action.WEBHOOK -> "call webhook " + shorten(action.param("url"));
            case Action.CREATE_MEET -> "create Google Meet";
            default -> action.type();
        };
        return shorten(subject);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
