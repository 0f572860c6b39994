package io.leadflow.shared.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.rule.Action;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.Delay;
import io.leadflow.contracts.rule.Step;
import io.leadflow.contracts.rule.WaitFor;
import io.leadflow.contracts.rule.WaitUntil;
import io.leadflow.shared.error.FieldValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class RuleParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Map<String, Object> json(String text) {
        return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
    }

    /** A valid rule with one step whose action is {@code action}; the tests below break one part at a time. */
    static Map<String, Object> ruleWithAction(String action) {
        return json("""
                {"name": "r", "trigger": "t", "steps": [{"action": %s}]}""".formatted(action));
    }

    static Map<String, Object> ruleWithStep(String step) {
        return json("""
                {"name": "r", "trigger": "t", "steps": [{"action": {"type": "add_tag", "params": {"tag": "x"}}}, %s]}"""
                .formatted(step));
    }

    static Map<String, Object> ruleWithCondition(String condition) {
        return json("""
                {"name": "r", "trigger": "t", "condition": %s,
                 "steps": [{"action": {"type": "add_tag", "params": {"tag": "x"}}}]}""".formatted(condition));
    }

    static void assertRejected(Map<String, Object> body, String field, String problem) {
        assertThatThrownBy(() -> RuleParser.parse(body))
                .isInstanceOfSatisfying(FieldValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
                });
    }

    @Test
    void whatsappFreeFormText_isAcceptedInsteadOfATemplate() {
        AutomationRule rule = RuleParser.parse(ruleWithAction("{\"type\": \"send_whatsapp\", \"params\": {\"text\": \"Hi {{lead.firstName}}\"}}"));
        assertThat(rule.steps().get(0).action().params()).containsEntry("text", "Hi {{lead.firstName}}")
                .doesNotContainKey("templateName");
    }

    @Test
    void aDemoFollowUpSequenceParsesWithDefaultsFilledIn() {
        AutomationRule rule = RuleParser.parse(json("""
                {
                  "name": "Demo follow-up",
                  "trigger": "demo_booked",
                  "condition": {"all": [{"fact": "lead.dealValue", "operator": "greaterThanInclusive", "value": 2000}]},
                  "steps": [
                    {"action": {"type": "send_whatsapp", "params": {"templateName": "demo_confirm",
                                "variables": ["{{lead.firstName}}", "{{resolved.meetLink}}"]}}},
                    {"id": "wait-reply", "waitFor": {"events": ["lead_replied"], "timeout": {"value": 2, "unit": "days"}},
                     "action": {"type": "none"}},
                    {"delay": {"value": 1, "unit": "days"}, "waitUntil": {"time": "09:00", "timezone": "Asia/Kolkata"},
                     "condition": {"fact": "wait.wait-reply", "operator": "equal", "value": "timeout"},
                     "action": {"type": "send_email", "params": {"subject": "Still keen, {{lead.firstName}}?", "body": "..."}}}
                  ],
                  "exitOn": ["lead_replied", "tag_added:customer"],
                  "sendWindow": {"days": ["fri", "MON"], "start": "09:00", "end": "18:00"}
                }"""));

        assertThat(rule.isActive()).isTrue();
        assertThat(rule.reEnrollment()).isEqualTo("never");
        assertThat(rule.steps()).extracting(Step::id).containsExactly("step-1", "wait-reply", "step-3");
        assertThat(rule.steps().get(0).action().params())
                .containsEntry("language", "en_US")
                .containsEntry("variables", List.of("{{lead.firstName}}", "{{resolved.meetLink}}"));
        assertThat(rule.steps().get(1).waitFor()).isEqualTo(new WaitFor(List.of("lead_replied"), new Delay(2, "days")));
        assertThat(rule.steps().get(2).waitUntil()).isEqualTo(new WaitUntil(null, "09:00", "Asia/Kolkata"));
        assertThat(rule.steps().get(2).action().params()).containsEntry("html", false);
        assertThat(rule.sendWindow().days()).containsExactly("MON", "FRI");
        assertThat(rule.exitOn()).containsExactly("lead_replied", "tag_added:customer");
    }

    @Test
    void toBodyRoundTripsThroughTheParser() {
        AutomationRule rule = RuleParser.parse(json("""
                {"name": "Everything", "description": "d", "trigger": "order.paid", "isActive": false,
                 "condition": {"any": [{"not": {"fact": "lead.tags", "operator": "contains", "value": "vip"}},
                                       {"fact": "event.plan", "operator": "in", "value": ["gold", 3, true]}]},
                 "steps": [
                   {"waitUntil": "2025-07-01T09:00:00+05:30", "action": {"type": "webhook",
                     "params": {"url": "https://hooks.example.com/{{lead.id}}", "payload": {"v": "{{lead.dealValue}}", "n": [1, {"a": null}]}}}},
                   {"action": {"type": "create_meet", "params": {"summary": "Demo", "attendees": ["{{lead.email}}", "ops@example.com"]}}},
                   {"action": {"type": "move_stage", "params": {"stageName": "Won"}}},
                   {"action": {"type": "assign_to", "params": {"userId": "u-1"}}},
                   {"action": {"type": "remove_tag", "params": {"tag": "cold"}}}
                 ],
                 "reEnrollment": "after_completion",
                 "sendWindow": {"start": "22:00", "end": "06:00", "timezone": "Europe/Berlin"}}"""));

        Map<String, Object> body = RuleParser.toBody(rule);

        assertThat(RuleParser.parse(body)).isEqualTo(rule);
        assertThat(rule.steps().get(0).waitUntil().at()).isEqualTo("2025-07-01T03:30:00Z");
        assertThat(rule.steps().get(1).action().params()).containsEntry("durationMinutes", 30);
        assertThat(rule.sendWindow().days()).hasSize(7);
    }

    @Test
    void waitUntilMayBeATemplateReadWhenTheStepComesDue_withKnownPlaceholdersOnly() {
        AutomationRule rule = RuleParser.parse(json("""
                {"name": "Reminder", "trigger": "appointment_booked",
                 "steps": [{"waitUntil": {"at": "{{event.appointmentAt}}"}, "action": {"type": "add_tag", "params": {"tag": "due"}}},
                           {"waitUntil": "{{ lead.renewalAt }}", "action": {"type": "add_tag", "params": {"tag": "renew"}}}]}"""));

        assertThat(rule.steps().get(0).waitUntil().at()).isEqualTo("{{event.appointmentAt}}");
        assertThat(rule.steps().get(1).waitUntil().at()).isEqualTo("{{ lead.renewalAt }}");
        assertThatThrownBy(() -> RuleParser.parse(json("""
                {"name": "Reminder", "trigger": "t",
                 "steps": [{"waitUntil": {"at": "{{secrets.key}}"}, "action": {"type": "add_tag", "params": {"tag": "x"}}}]}""")))
                .isInstanceOf(FieldValidationException.class).hasMessageContaining("steps[0].waitUntil.at");
    }

    @Test
    void serverManagedFieldsAreIgnoredSoARuleCanBeSentBackAsRead() {
        AutomationRule stored = new AutomationRule("64a5b8e8f1b2c3d4e5f6a7b1", "acme", "n", null, "t", true, null,
                List.of(new Step("s", null, null, null, null, new Action("add_tag", Map.of("tag", "x")))),
                List.of(), "never", null, null, 7, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"), null);
        Map<String, Object> body = RuleParser.toBody(stored);
        body.put("clientCode", "someone-else");

        AutomationRule parsed = RuleParser.parse(body);

        assertThat(parsed.id()).isNull();
        assertThat(parsed.clientCode()).isNull();
        assertThat(parsed.version()).isZero();
        assertThat(parsed.steps()).isEqualTo(stored.steps());
    }

    @Nested
    class Patching {

        private final AutomationRule base = RuleParser.parse(ruleWithAction("{\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}"));

        @Test
        void onlyTheFieldsPresentChange() {
            AutomationRule patched = RuleParser.merge(base, json("{\"isActive\": false, \"description\": \"paused\"}"));

            assertThat(patched.isActive()).isFalse();
            assertThat(patched.description()).isEqualTo("paused");
            assertThat(patched.steps()).isEqualTo(base.steps());
            assertThat(patched.name()).isEqualTo(base.name());
        }

        @Test
        void nullClearsOptionalFieldsButNotRequiredOnes() {
            AutomationRule withWindow = RuleParser.merge(base, json("{\"sendWindow\": {\"start\": \"09:00\", \"end\": \"17:00\"}}"));

            assertThat(RuleParser.merge(withWindow, json("{\"sendWindow\": null}")).sendWindow()).isNull();
            assertThatThrownBy(() -> RuleParser.merge(base, json("{\"steps\": null}")))
                    .hasMessage("steps: is required");
            assertThatThrownBy(() -> RuleParser.merge(base, json("{\"name\": null}")))
                    .hasMessage("name: is required");
        }
    }

    @Nested
    class RuleLevelMistakes {

        @Test
        void nameIsRequired() {
            assertRejected(json("{\"trigger\": \"t\", \"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}]}"),
                    "name", "is required");
            assertRejected(json("{\"name\": \"  \", \"trigger\": \"t\", \"steps\": []}"), "name", "must not be blank");
        }

        @Test
        void triggerMustLookLikeAnEventName() {
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"Lead Created\", \"steps\": []}"), "trigger", "a-z, 0-9");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"%s\", \"steps\": []}".formatted("x".repeat(65))), "trigger",
                    "at most 64");
        }

        @Test
        void stepsMustBeANonEmptyListOfAtMostFifty() {
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"t\"}"), "steps", "is required");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"t\", \"steps\": []}"), "steps", "at least one step");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"t\", \"steps\": {}}"), "steps", "must be a list");
            String step = "{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}";
            String many = String.join(",", java.util.Collections.nCopies(51, step));
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"t\", \"steps\": [" + many + "]}"), "steps", "at most 50");
        }

        @Test
        void noContactNeedsItsDays_andOtherTriggersMayFilterOnParams() {
            String steps = ", \"steps\": [{\"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}]";
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"no_contact\"" + steps + "}"), "params.days", "is required");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"no_contact\", \"params\": {\"days\": 0}" + steps + "}"),
                    "params.days", "between 1 and 365");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"no_contact\", \"params\": {\"days\": 2.5}" + steps + "}"),
                    "params.days", "whole number");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"no_contact\", \"params\": {\"days\": 3, \"hours\": 1}" + steps + "}"),
                    "params.hours", "unknown parameter");
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"paid\", \"params\": {\"plan\": {\"x\": 1}}" + steps + "}"),
                    "params.plan", "string, number or boolean");

            AutomationRule idle = RuleParser.parse(json("{\"name\": \"r\", \"trigger\": \"no_contact\", \"params\": {\"days\": 7.0}" + steps + "}"));
            assertThat(idle.params()).isEqualTo(Map.of("days", 7));
            assertThat(RuleParser.parse(RuleParser.toBody(idle))).isEqualTo(idle);
            AutomationRule filtered = RuleParser.parse(json("{\"name\": \"r\", \"trigger\": \"paid\", \"params\": {\"plan\": \"pro\"}" + steps + "}"));
            assertThat(TriggerParams.matches(filtered.params(), Map.of("plan", "pro", "amount", 10))).isTrue();
            assertThat(TriggerParams.matches(filtered.params(), Map.of("plan", "free"))).isFalse();
            assertThat(TriggerParams.matches(idle.params(), Map.of("days", 7.0))).as("numbers by value").isTrue();
            assertThat(TriggerParams.matches(null, Map.of())).isTrue();
        }

        @Test
        void unknownFieldsAreNamed() {
            assertRejected(json("{\"name\": \"r\", \"trigger\": \"t\", \"enabled\": true, \"steps\": []}"), "enabled", "unknown field");
            assertRejected(ruleWithStep("{\"delays\": {\"value\": 1, \"unit\": \"days\"}, \"action\": {\"type\": \"none\"}}"),
                    "steps[1].delays", "unknown field");
        }

        @Test
        void exitOnEntriesAreEventNamesWithAnOptionalQualifier() {
            Map<String, Object> body = ruleWithAction("{\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}");
            body.put("exitOn", List.of("lead_replied", "Stage Changed"));
            assertRejected(body, "exitOn[1]", "event name");
            body.put("exitOn", List.of("tag_added:has space"));
            assertRejected(body, "exitOn[0]", "event name");
        }

        @Test
        void reEnrollmentIsOneOfThreeModes() {
            Map<String, Object> body = ruleWithAction("{\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}");
            body.put("reEnrollment", "sometimes");
            assertRejected(body, "reEnrollment", "[never, after_completion, always]");
        }

        @Test
        void isActiveMustBeABoolean() {
            Map<String, Object> body = ruleWithAction("{\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}");
            body.put("isActive", "yes");
            assertRejected(body, "isActive", "true or false");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"days\": [\"MON\", \"FUNDAY\"], \"start\": \"09:00\", \"end\": \"18:00\"} | sendWindow.days[1]    | MON..SUN",
                "{\"days\": [], \"start\": \"09:00\", \"end\": \"18:00\"}                    | sendWindow.days       | at least one day",
                "{\"start\": \"9am\", \"end\": \"18:00\"}                                    | sendWindow.start      | HH:mm",
                "{\"start\": \"09:00\", \"end\": \"24:00\"}                                  | sendWindow.end        | HH:mm",
                "{\"start\": \"09:00\"}                                                      | sendWindow.end        | is required",
                "{\"start\": \"09:00\", \"end\": \"09:00\"}                                  | sendWindow.end        | must differ",
                "{\"start\": \"09:00\", \"end\": \"18:00\", \"timezone\": \"Mars/Olympus\"}  | sendWindow.timezone   | unknown time zone",
                "{\"start\": \"09:00\", \"end\": \"18:00\", \"hours\": 8}                    | sendWindow.hours      | unknown field",
        })
        void sendWindowMistakes(String window, String field, String problem) {
            Map<String, Object> body = ruleWithAction("{\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}");
            body.put("sendWindow", json(window));
            assertRejected(body, field, problem);
        }
    }

    @Nested
    class StepMistakes {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"delay\": {\"value\": -1, \"unit\": \"days\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}   | steps[1].delay.value | 0 or more",
                "{\"delay\": {\"value\": 1.5, \"unit\": \"days\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}  | steps[1].delay.value | whole number",
                "{\"delay\": {\"value\": \"1\", \"unit\": \"days\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}} | steps[1].delay.value | whole number",
                "{\"delay\": {\"value\": 1, \"unit\": \"weeks\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}    | steps[1].delay.unit  | seconds, minutes, hours, days",
                "{\"delay\": {\"value\": 400, \"unit\": \"days\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}   | steps[1].delay       | 365 days",
                "{\"delay\": {\"unit\": \"days\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}                   | steps[1].delay.value | is required",
                "{\"waitUntil\": \"2025-07-01T09:00:00\", \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}             | steps[1].waitUntil   | offset",
                "{\"waitUntil\": {\"time\": \"25:00\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}               | steps[1].waitUntil.time | HH:mm",
                "{\"waitUntil\": {\"time\": \"09:00\", \"timezone\": \"India\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}} | steps[1].waitUntil.timezone | unknown time zone",
                "{\"waitUntil\": {}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"x\"}}}                                   | steps[1].waitUntil   | exactly one of at",
                "{\"waitUntil\": {\"at\": \"2025-07-01T09:00:00Z\", \"timezone\": \"UTC\"}, \"action\": {\"type\": \"none\"}}             | steps[1].waitUntil.timezone | only goes with time",
                "{\"waitFor\": {\"events\": [], \"timeout\": {\"value\": 1, \"unit\": \"days\"}}, \"action\": {\"type\": \"none\"}}       | steps[1].waitFor.events | at least one event",
                "{\"waitFor\": {\"events\": [\"lead_replied\"]}, \"action\": {\"type\": \"none\"}}                                      | steps[1].waitFor.timeout | is required",
                "{\"waitFor\": {\"events\": [\"lead_replied\"], \"timeout\": {\"value\": 0, \"unit\": \"days\"}}, \"action\": {\"type\": \"none\"}} | steps[1].waitFor.timeout.value | greater than 0",
                "{\"id\": \"step-1\", \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}                                 | steps[1].id          | duplicate step id 'step-1'",
                "{\"id\": \"has space\", \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}                              | steps[1].id          | A-Z",
                "{\"delay\": {\"value\": 1, \"unit\": \"days\"}}                                                                       | steps[1].action      | is required",
                "[]                                                                                                                   | steps[1]             | must be an object",
        })
        void waitsIdsAndShapes(String step, String field, String problem) {
            assertRejected(ruleWithStep(step), field, problem);
        }

        @Test
        void aStepMayWaitADayAndThenUntilNineLocal() {
            AutomationRule rule = RuleParser.parse(ruleWithStep(
                    "{\"delay\": {\"value\": 1, \"unit\": \"days\"}, \"waitUntil\": {\"time\": \"9:05\"}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}"));

            assertThat(rule.steps().get(1).delay().toDuration()).hasDays(1);
            assertThat(rule.steps().get(1).waitUntil()).isEqualTo(new WaitUntil(null, "09:05", null));
        }
    }

    @Nested
    class ActionMistakes {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"type\": \"send_sms\", \"params\": {}}                                             | steps[0].action.type | unknown action 'send_sms'",
                "{\"params\": {}}                                                                   | steps[0].action.type | is required",
                "{\"type\": \"send_whatsapp\", \"params\": {}}                                        | steps[0].action.params.templateName | is required",
                "{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"language\": \"english\"}} | steps[0].action.params.language | language code",
                "{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"variables\": [1]}}       | steps[0].action.params.variables[0] | must be a string",
                "{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"variables\": [\"{{leed.firstName}}\"]}} | steps[0].action.params.variables[0] | unknown placeholder '{{leed.firstName}}'",
                "{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"to\": \"+1555\"}}     | steps[0].action.params.to | unknown field",
                "{\"type\": \"send_email\", \"params\": {\"subject\": \"s\"}}                             | steps[0].action.params.body | is required",
                "{\"type\": \"send_email\", \"params\": {\"body\": \"b\"}}                                | steps[0].action.params.subject | is required",
                "{\"type\": \"send_email\", \"params\": {\"subject\": \"s\", \"body\": \"b\", \"html\": \"yes\"}} | steps[0].action.params.html | true or false",
                "{\"type\": \"send_email\", \"params\": {\"subject\": \"s\", \"body\": \"b\", \"to\": \"not-an-email\"}} | steps[0].action.params.to | email address",
                "{\"type\": \"move_stage\", \"params\": {}}                                           | steps[0].action.params | exactly one of stageId or stageName",
                "{\"type\": \"move_stage\", \"params\": {\"stageId\": \"a\", \"stageName\": \"b\"}}         | steps[0].action.params | exactly one of stageId or stageName",
                "{\"type\": \"assign_to\", \"params\": {}}                                            | steps[0].action.params.userId | is required",
                "{\"type\": \"send_whatsapp\", \"params\": {\"text\": \"hi\", \"templateName\": \"t\"}}      | steps[0].action.params.text | not both",
                "{\"type\": \"add_tag\"}                                                             | steps[0].action.params.tag | is required",
                "{\"type\": \"remove_tag\", \"params\": {\"tag\": 5}}                                   | steps[0].action.params.tag | must be a string",
                "{\"type\": \"add_tag\", \"params\": []}                                              | steps[0].action.params | must be an object",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"ftp://example.com/x\"}}                  | steps[0].action.params.url | http(s) URL",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"https://\"}}                            | steps[0].action.params.url | http(s) URL",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"https://u:p@h.example.com/x\"}}          | steps[0].action.params.url | user-info",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"http://169.254.169.254/latest\"}}      | steps[0].action.params.url | metadata",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"https://h.example.com\", \"payload\": \"x\"}} | steps[0].action.params.payload | must be an object",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"https://h.example.com\", \"payload\": {\"a.b\": 1}}} | steps[0].action.params.payload.a.b | without '.'",
                "{\"type\": \"webhook\", \"params\": {\"url\": \"https://h.example.com\", \"payload\": {\"x\": \"{{secret}}\"}}} | steps[0].action.params.payload.x | unknown placeholder",
                "{\"type\": \"create_meet\", \"params\": {\"summary\": \"s\", \"durationMinutes\": 0}}      | steps[0].action.params.durationMinutes | between 1 and 1440",
                "{\"type\": \"create_meet\", \"params\": {\"summary\": \"s\", \"durationMinutes\": 1441}}   | steps[0].action.params.durationMinutes | between 1 and 1440",
                "{\"type\": \"create_meet\", \"params\": {\"durationMinutes\": 30}}                      | steps[0].action.params.summary | is required",
                "{\"type\": \"create_meet\", \"params\": {\"summary\": \"s\", \"startTime\": \"tomorrow\"}}  | steps[0].action.params.startTime | ISO-8601",
                "{\"type\": \"none\"}                                                               | steps[0].action.type | only allowed on a step with waitFor",
                "{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"headerVariables\": [3]}} | steps[0].action.params.headerVariables[0] | must be a string",
                "{\"type\": \"send_whatsapp\", \"params\": {\"text\": \"hi\", \"headerVariables\": [\"x\"]}} | steps[0].action.params.text | not both",
        })
        void eachActionChecksItsParameters(String action, String field, String problem) {
            assertRejected(ruleWithAction(action), field, problem);
        }

        @Test
        void noneWithParamsIsRefusedEvenWhenWaiting() {
            assertRejected(ruleWithStep(
                    "{\"waitFor\": {\"events\": [\"lead_replied\"], \"timeout\": {\"value\": 1, \"unit\": \"hours\"}}, \"action\": {\"type\": \"none\", \"params\": {\"x\": 1}}}"),
                    "steps[1].action.params", "must be empty");
        }

        @Test
        void headerVariablesAreSettable_asTemplates() {
            AutomationRule rule = RuleParser.parse(ruleWithAction("{\"type\": \"send_whatsapp\", \"params\": "
                    + "{\"templateName\": \"offer\", \"variables\": [\"{{lead.firstName}}\"], "
                    + "\"headerVariables\": [\"{{event.season}}\"]}}"));

            assertThat(rule.steps().get(0).action().params()).containsEntry("headerVariables", List.of("{{event.season}}"));
            assertThat(RuleParser.parse(RuleParser.toBody(rule))).isEqualTo(rule);
        }

        @Test
        void webhookUrlsMayCarryTemplates() {
            AutomationRule rule = RuleParser.parse(ruleWithAction(
                    "{\"type\": \"webhook\", \"params\": {\"url\": \"https://hooks.example.com/leads/{{lead.id}}?plan={{event.plan}}\"}}"));

            assertThat(rule.steps().get(0).action().param("url")).isEqualTo("https://hooks.example.com/leads/{{lead.id}}?plan={{event.plan}}");
        }
    }

    @Nested
    class ConditionMistakes {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
                "{\"fact\": \"score\", \"operator\": \"equal\", \"value\": 1}                        | condition.fact | starting with lead., event., wait. or resolved.",
                "{\"fact\": \"lead.score\", \"operator\": \"approximately\", \"value\": 1}           | condition.operator | unknown operator 'approximately'",
                "{\"fact\": \"lead.score\", \"value\": 1}                                          | condition.operator | is required",
                "{\"operator\": \"equal\", \"value\": 1}                                          | condition.fact | is required",
                "{\"fact\": \"lead.tags\", \"operator\": \"in\", \"value\": \"vip\"}                   | condition.value | must be a list",
                "{\"fact\": \"lead.tags\", \"operator\": \"in\", \"value\": [{\"a\": 1}]}              | condition.value[0] | string, number or boolean",
                "{\"fact\": \"lead.email\", \"operator\": \"exists\", \"value\": \"yes\"}              | condition.value | true or false",
                "{\"fact\": \"lead.email\", \"operator\": \"exists\"}                               | condition.value | true or false",
                "{\"fact\": \"lead.score\", \"operator\": \"greaterThan\", \"value\": true}           | condition.value | number or a string",
                "{\"fact\": \"lead.tags\", \"operator\": \"contains\"}                              | condition.value | is required",
                "{\"all\": []}                                                                 | condition.all | at least one condition",
                "{\"any\": [{\"fact\": \"lead.x\", \"operator\": \"equal\", \"value\": 1}, {\"fact\": \"lead.y\", \"operator\": \"nearly\", \"value\": 1}]} | condition.any[1].operator | unknown operator 'nearly'",
                "{\"all\": [{\"fact\": \"lead.x\", \"operator\": \"equal\", \"value\": 1}], \"fact\": \"lead.y\"} | condition | exactly one of all, any, not",
                "{\"not\": null}                                                               | condition.not | must be a condition",
                "{\"not\": {\"not\": {\"fact\": \"lead.x\", \"operator\": \"equal\", \"value\": 1, \"path\": \"$.x\"}}} | condition.not.not.path | unknown field",
                "\"lead.score > 5\"                                                           | condition | must be an object",
        })
        void treesAreCheckedNodeByNode(String condition, String field, String problem) {
            assertRejected(ruleWithCondition(condition), field, problem);
        }

        @Test
        void stepConditionsNameTheirStep() {
            assertRejected(ruleWithStep("{\"condition\": {\"fact\": \"lead.score\", \"operator\": \"eq\", \"value\": 1}, \"action\": {\"type\": \"add_tag\", \"params\": {\"tag\": \"y\"}}}"),
                    "steps[1].condition.operator", "unknown operator 'eq'");
        }

        @Test
        void treesDeeperThanTenLevelsAreRefused() {
            String leaf = "{\"fact\": \"lead.x\", \"operator\": \"equal\", \"value\": 1}";
            String deep = leaf;
            for (int i = 0; i < 10; i++) {
                deep = "{\"not\": " + deep + "}";
            }
            assertRejected(ruleWithCondition(deep), "condition" + ".not".repeat(10), "nested too deeply");
        }

        @Test
        void equalMayCompareWithNull() {
            AutomationRule rule = RuleParser.parse(ruleWithCondition("{\"fact\": \"lead.email\", \"operator\": \"equal\", \"value\": null}"));

            assertThat(rule.condition()).isEqualTo(Condition.leaf("lead.email", "equal", null));
        }
    }

    @Nested
    class LengthCaps {

        private Map<String, Object> email(String subject, String body) {
            Map<String, Object> params = new java.util.LinkedHashMap<>();
            params.put("subject", subject);
            params.put("body", body);
            Map<String, Object> action = Map.of("type", "send_email", "params", params);
            return Map.of("name", "r", "trigger", "t", "steps", java.util.List.of(Map.of("action", action)));
        }

        @Test
        void theIssuesReDoSTemplate_isRefusedOnSaveWhenTooLong_andParsedQuicklyWhenNot() {
            String hostile = "{{" + " ".repeat(99_997) + "x";
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMillis(500), () ->
                    assertRejected(email("s", hostile), "steps[0].action.params.body", "at most 50000 characters"));
            String shorter = "{{" + " ".repeat(49_000) + "x";
            AutomationRule rule = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofMillis(500),
                    () -> RuleParser.parse(email("s", shorter)));
            assertThat(rule.steps().get(0).action().params().get("body")).isEqualTo(shorter.trim());
        }

        @Test
        void everyTemplatedFieldHasACap() {
            assertRejected(email("x".repeat(999), "b"), "steps[0].action.params.subject", "at most 998");
            assertRejected(ruleWithAction("{\"type\": \"send_whatsapp\", \"params\": {\"text\": \"" + "x".repeat(4097) + "\"}}"),
                    "steps[0].action.params.text", "at most 4096");
            assertRejected(ruleWithAction("{\"type\": \"send_whatsapp\", \"params\": {\"templateName\": \"t\", \"variables\": [\""
                    + "x".repeat(1025) + "\"]}}"), "steps[0].action.params.variables[0]", "at most 1024");
            assertRejected(ruleWithAction("{\"type\": \"webhook\", \"params\": {\"url\": \"https://h.example.com\", \"payload\": {\"a\": \""
                    + "x".repeat(4097) + "\"}}}"), "steps[0].action.params.payload.a", "at most 4096");
            StringBuilder big = new StringBuilder("{");
            for (int i = 0; i < 5; i++) {
                big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"").append("x".repeat(4000)).append('"');
            }
            big.append('}');
            assertRejected(ruleWithAction("{\"type\": \"webhook\", \"params\": {\"url\": \"https://h.example.com\", \"payload\": "
                    + big + "}}"), "steps[0].action.params.payload", "at most 16384 characters as JSON");
        }
    }
}
