package io.leadflow.contracts.rule;

import io.leadflow.contracts.sequence.LeadEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule as a running sequence sees it: the version of the rule at enrollment, frozen into the workflow input so
 * that editing the rule never changes sequences already running. Plain data (no storage annotations), so it travels
 * as a Temporal payload.
 *
 * @param version the rule's version when the lead was enrolled
 * @param trigger the trigger that enrolls leads
 * @param steps the steps to run in order; empty when {@code sequence} names a code sequence
 * @param exitOn events that end the sequence early ({@code lead_replied}, {@code tag_added:customer})
 * @param reEnrollment {@code never}, {@code after_completion} or {@code always}
 * @param sendWindow when actions that reach the lead may run, or null for any time
 * @param sequence {@code code:<name>} when the rule enrolls leads in a sequence written in Java, else null
 */
public record RuleSnapshot(
        String id,
        String name,
        int version,
        String trigger,
        List<Step> steps,
        List<String> exitOn,
        String reEnrollment,
        SendWindow sendWindow,
        String sequence) {

    public static final String CODE_PREFIX = "code:";

    /** The code sequence's name when this rule targets one, else null. */
    public String codeSequence() {
        return sequence != null && sequence.startsWith(CODE_PREFIX) ? sequence.substring(CODE_PREFIX.length()) : null;
    }

    public List<Step> stepsOrEmpty() {
        return steps == null ? List.of() : steps;
    }

    public List<String> exitOnOrEmpty() {
        return exitOn == null ? List.of() : exitOn;
    }

    /** Event names this rule's sequence reacts to (its exits and the events its steps wait for), for fan-out. */
    public Set<String> listensTo() {
        List<String> entries = new ArrayList<>(exitOnOrEmpty());
        for (Step step : stepsOrEmpty()) {
            if (step.waitFor() != null && step.waitFor().events() != null) {
                entries.addAll(step.waitFor().events());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(entry -> names.add(LeadEvent.listenName(entry)));
        return names;
    }
}
