package io.leadflow.contracts.rule;

import java.util.Map;

/**
 * What a step does: {@code send_whatsapp}, {@code send_email}, {@code move_stage}, {@code assign_to},
 * {@code add_tag}, {@code remove_tag}, {@code webhook} or {@code create_meet}, with its parameters.
 */
public record Action(String type, Map<String, Object> params) {

    public static final String SEND_WHATSAPP = "send_whatsapp";
    public static final String SEND_EMAIL = "send_email";
    public static final String MOVE_STAGE = "move_stage";
    public static final String ASSIGN_TO = "assign_to";
    public static final String ADD_TAG = "add_tag";
    public static final String REMOVE_TAG = "remove_tag";
    public static final String WEBHOOK = "webhook";
    public static final String CREATE_MEET = "create_meet";
    /** A step that only waits (for {@code waitFor}) and acts on nothing. */
    public static final String NONE = "none";

    public String param(String name) {
        Object value = params == null ? null : params.get(name);
        return value == null ? null : value.toString();
    }
}
