package io.leadflow.contracts.sequence;

import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.Map;

/**
 * How a sequence is started, wherever it is started from (a trigger workflow's child, an operator's enrollment
 * through the API, a restart): its deterministic ID, the search attributes it starts with, and the summary and
 * details the Temporal Web UI shows, so operators read "Appointment follow-up · Asha +919876543210" instead of an ID.
 */
public final class SequenceStarts {

    private SequenceStarts() {
    }

    public static String workflowId(SequenceInput input) {
        return WorkflowIds.sequence(input.clientCode(), input.leadId(), input.sequenceKey());
    }

    public static SearchAttributes searchAttributes(SequenceInput input) {
        return LeadflowSearchAttributes.ofSequence(input.clientCode(), input.leadId(), input.trigger(),
                input.rule() == null ? null : input.rule().id(), input.name(), firstStep(input));
    }

    /** One line: the sequence and the lead. */
    public static String summary(SequenceInput input) {
        StringBuilder text = new StringBuilder(input.name() == null ? input.sequenceKey() : input.name());
        String lead = leadLabel(input.lead());
        if (!lead.isEmpty()) {
            text.append(" · ").append(lead);
        }
        return text.toString();
    }

    /** A few lines of Markdown: sequence, lead, trigger, tenant. */
    public static String details(SequenceInput input) {
        StringBuilder text = new StringBuilder();
        text.append("**Sequence** ").append(input.name() == null ? input.sequenceKey() : input.name())
                .append(" (`").append(input.sequenceKey()).append("`)\n\n");
        text.append("**Lead** ").append(leadLabel(input.lead())).append(" (`").append(input.leadId()).append("`)\n\n");
        if (input.trigger() != null) {
            text.append("**Trigger** `").append(input.trigger()).append("`");
            if (input.eventLogId() != null) {
                text.append(" · event `").append(input.eventLogId()).append('`');
            }
            text.append("\n\n");
        }
        text.append("**Tenant** `").append(input.clientCode()).append('`');
        return text.toString();
    }

    private static String firstStep(SequenceInput input) {
        if (input.rule() == null || input.rule().codeSequence() != null) {
            return null;
        }
        List<Step> steps = input.rule().stepsOrEmpty();
        if (steps.isEmpty()) {
            return null;
        }
        return steps.get(0).id() != null ? steps.get(0).id() : "step-1";
    }

    /** The lead as operators recognise it: its name and phone (or e-mail); empty when unknown. */
    public static String leadLabel(Map<String, Object> lead) {
        if (lead == null) {
            return "";
        }
        StringBuilder label = new StringBuilder();
        Object name = lead.get("name");
        if (name != null) {
            label.append(name);
        }
        Object phone = lead.get("phone");
        if (phone != null) {
            label.append(label.isEmpty() ? "" : " ").append(phone);
        } else if (lead.get("email") != null) {
            label.append(label.isEmpty() ? "" : " ").append(lead.get("email"));
        }
        return label.toString();
    }
}
