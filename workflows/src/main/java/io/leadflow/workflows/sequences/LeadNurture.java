package io.leadflow.workflows.sequences;

import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRuntime;
import java.time.Duration;
import java.util.List;

/**
 * A ten-day nurture for new leads, only on weekday office hours in the lead's own time zone: a welcome e-mail, a
 * WhatsApp tip on day 2, a case study on day 5 and a check-in on day 9, then the lead is tagged
 * {@code nurtured}. The lead's first reply ends it: a person takes over from there.
 */
public final class LeadNurture implements SequenceDefinition {

    public static final String NAME = "lead-nurture";
    static final SendWindow OFFICE_HOURS = new SendWindow(List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "18:00", null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "Welcome, tip, case study and check-in over 10 days, weekdays 09:00-18:00; ends on the first reply";
    }

    @Override
    public List<String> steps() {
        return List.of("welcome", "tip", "case-study", "check-in", "done");
    }

    @Override
    public List<String> exitOn() {
        return List.of("lead_replied");
    }

    @Override
    public List<String> listensTo() {
        return List.of("lead_replied");
    }

    @Override
    public void run(SequenceRuntime sequence) {
        sequence.sendWindow(OFFICE_HOURS);

        sequence.step("welcome");
        sequence.sendEmail("Welcome, {{lead.firstName}}",
                "Hi {{lead.firstName}},\n\nthanks for your interest. Over the next days we'll share a few things"
                        + " that help teams like yours get started.\n");

        sequence.step("tip");
        sequence.delay(Duration.ofDays(2));
        sequence.sendWhatsAppTemplate("nurture_tip", "en_US", List.of("{{lead.firstName}}"));

        sequence.step("case-study");
        sequence.delay(Duration.ofDays(3));
        sequence.sendEmail("How others did it",
                "Hi {{lead.firstName}},\n\nhere is how a team like yours cut their response time in half.\n");

        sequence.step("check-in");
        sequence.delay(Duration.ofDays(4));
        sequence.sendWhatsAppTemplate("nurture_check_in", "en_US", List.of("{{lead.firstName}}"));

        sequence.step("done");
        sequence.addTag("nurtured");
    }
}
