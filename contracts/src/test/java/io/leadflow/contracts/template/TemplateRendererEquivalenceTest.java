package io.leadflow.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The linear renderer gives byte-identical output to the regex renderer it replaced, for every template the old one
 * could render in reasonable time. Workflows render templates in workflow code, so this equivalence is what lets
 * running sequences replay on the new code unchanged. It also proves the new one's time bound on adversarial input.
 */
class TemplateRendererEquivalenceTest {

    private final Map<String, Object> context = EvaluationContext.of(lead(), "demo_booked",
            Map.of("plan", "gold", "items", List.of(Map.of("sku", "A-1"), Map.of("sku", "B-2")), "n", 7,
                    "price", 12.50, "emoji", "😀 ünï", "html", "<b>&\"'</b>"),
            Map.of("meetLink", "https://meet.google.com/abc-defg-hij"), Map.of("reply", "lead_replied"));

    private static Map<String, Object> lead() {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstName", "Asha");
        lead.put("lastName", "$1 \\o/");
        lead.put("tags", List.of("vip", "webinar"));
        lead.put("address", Map.of("city", "Pune"));
        lead.put("dealValue", 5000.0);
        return lead;
    }

    /** Hand-picked shapes: whitespace in braces, missing values, nesting, unterminated and surplus braces, unicode. */
    static final List<String> CORPUS = List.of(
            "", "plain", "{", "}", "{{", "}}", "{{}}", "{{ }}", "{{\t}}", "{{}}}", "{{{}}", "{{{}}}", "{{{{}}}}",
            "{{lead.firstName}}", "{{ lead.firstName }}", "{{\tlead.firstName\n}}", "{{\u000Blead.firstName\f}}",
            "{{\rlead.firstName\r}}", "{{\u00A0lead.firstName\u00A0}}", "{{\u2003lead.firstName}}",
            "{{lead.firstName}}{{lead.lastName}}", "{{lead.firstName}} {{ event.plan }}!", "Hi {{lead.nickname}}!",
            "{{lead.firstName", "lead.firstName}}", "{{lead.firstName}", "{lead.firstName}}", "{{lead.first Name}}",
            "{{lead.firstName}}}", "{{{lead.firstName}}", "{{{lead.firstName}}}", "{{ {lead.firstName} }}",
            "{{lead.{firstName}}}", "{{lead.firstName}}}}", "}}{{lead.firstName}}{{", "{{a}}{{", "{{}}{{}}",
            "{{event.items.1.sku}}", "{{event.items.9.sku}}", "{{event.items}}", "{{lead.address}}", "{{lead.tags}}",
            "{{event.n}}/{{event.price}}/{{lead.dealValue}}", "{{event.emoji}} ✓ {{ event.emoji }}", "😀{{event.plan}}😀",
            "{{event.html}}", "<p>{{event.html}}</p>", "{{  }}x{{   lead.firstName   }}", "{{ . }}", "{{..}}",
            "{{lead.}}", "{{.lead}}", "{{nothing}}", "{{ lead.firstName }} {{lead.firstName}", "{{\n\n}}",
            "a{{b}}c{{d}}e{{f", "{{ }} }} {{", "{{x}}{{y}}{{z}}", "$1 {{lead.firstName}} \\1", "{{resolved.meetLink}}",
            "{{wait.reply}}", "{{ event.trigger }}", "{{lead.address.city}}", " {{lead.firstName}} ");

    @Test
    void handPickedCorpus_rendersExactlyAsTheRegexDid() {
        for (String template : CORPUS) {
            assertSame(template);
        }
    }

    @Test
    void randomTemplates_renderExactlyAsTheRegexDid() {
        String[] tokens = {"{{", "}}", "{", "}", " ", "\t", "\n", "\u000B", "\u00A0", "lead.firstName", "event.plan",
                "event.items.0.sku", "lead.tags", "missing.x", ".", "a", "é", "😀", "$", "\\", "<&>"};
        Random random = new Random(20261201L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder template = new StringBuilder();
            int length = random.nextInt(14);
            for (int t = 0; t < length; t++) {
                template.append(tokens[random.nextInt(tokens.length)]);
            }
            assertSame(template.toString());
        }
    }

    @Test
    void adversarialTemplates_renderInLinearTime() {
        List<String> hostile = List.of(
                "{{" + " ".repeat(100_000) + "x",
                "{{" + " ".repeat(50_000) + "x" + " ".repeat(49_996) + "}",
                "{{".repeat(50_000),
                "{{{".repeat(33_333),
                "{{ a }".repeat(16_666),
                "{{" + "\t \n".repeat(33_333) + "}}",
                "{{lead.firstName}}".repeat(5_882));
        for (String template : hostile) {
            assertThat(template.length()).isGreaterThanOrEqualTo(99_000);
            String rendered = assertTimeoutPreemptively(Duration.ofMillis(50),
                    () -> TemplateRenderer.standard().render(template, context));
            assertThat(rendered).isNotNull();
            assertTimeoutPreemptively(Duration.ofMillis(50), () -> TemplateRenderer.placeholders(template));
        }
    }

    private void assertSame(String template) {
        for (TemplateRenderer.Missing missing : TemplateRenderer.Missing.values()) {
            assertThat(new TemplateRenderer(missing).render(template, context))
                    .as("render %s %s", missing, printable(template))
                    .isEqualTo(Oracle.render(template, context, missing));
        }
        assertThat(TemplateRenderer.placeholders(template)).as("placeholders %s", printable(template))
                .isEqualTo(Oracle.placeholders(template));
        assertThat(TemplateRenderer.standard().renderValue(template, context)).as("renderValue %s", printable(template))
                .isEqualTo(Oracle.renderValue(template, context));
    }

    private static String printable(String s) {
        return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    /** The renderer as it was before (commit ad386f4), kept verbatim as the reference. */
    static final class Oracle {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

        static String render(String template, Map<String, ?> context, TemplateRenderer.Missing missing) {
            if (template == null || template.indexOf("{{") < 0) {
                return template;
            }
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder out = new StringBuilder(template.length() + 16);
            while (matcher.find()) {
                Object value = ContextPaths.resolve(context, matcher.group(1));
                String replacement = value == null && missing == TemplateRenderer.Missing.KEEP
                        ? matcher.group() : ContextPaths.text(value);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        static Object renderValue(String s, Map<String, ?> context) {
            Matcher whole = PLACEHOLDER.matcher(s);
            if (whole.matches()) {
                Object resolved = ContextPaths.resolve(context, whole.group(1));
                if (resolved != null) {
                    return resolved;
                }
            }
            return render(s, context, TemplateRenderer.Missing.EMPTY);
        }

        static List<String> placeholders(String template) {
            List<String> paths = new ArrayList<>();
            Matcher matcher = PLACEHOLDER.matcher(template);
            while (matcher.find()) {
                paths.add(matcher.group(1));
            }
            return paths;
        }
    }
}
