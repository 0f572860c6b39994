package io.leadflow.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.template.ContextPaths;
import io.leadflow.contracts.template.EvaluationContext;
import io.leadflow.contracts.template.TemplateRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = TemplateRenderer.standard();

    private final Map<String, Object> context = EvaluationContext.of(
            lead(),
            "demo_booked",
            Map.of("plan", "gold", "items", List.of(Map.of("sku", "A-1"), Map.of("sku", "B-2"))),
            Map.of("meetLink", "https://meet.google.com/abc-defg-hij"),
            Map.of("reply", "lead_replied"));

    private static Map<String, Object> lead() {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("firstName", "Asha");
        lead.put("lastName", "Rao");
        lead.put("dealValue", 5000.0);
        lead.put("score", 42);
        lead.put("tags", List.of("vip", "webinar"));
        lead.put("orderId", "ORD-7");
        lead.put("address", Map.of("city", "Pune"));
        return lead;
    }

    @Test
    void greetsTheLeadAndSharesTheMeetLink() {
        String text = renderer.render("Hi {{lead.firstName}}, join us at {{resolved.meetLink}} ({{event.trigger}})", context);

        assertThat(text).isEqualTo("Hi Asha, join us at https://meet.google.com/abc-defg-hij (demo_booked)");
    }

    @Test
    void whitespaceInsideBracesIsIgnored() {
        assertThat(renderer.render("{{ lead.firstName }}-{{\tevent.plan  }}", context)).isEqualTo("Asha-gold");
    }

    @Test
    void nestedPathsReachIntoMapsAndListIndexes() {
        assertThat(renderer.render("{{lead.address.city}} / {{event.items.1.sku}}", context)).isEqualTo("Pune / B-2");
    }

    @Test
    void missingValuesRenderEmptyByDefault() {
        assertThat(renderer.render("Hi {{lead.nickname}}!{{event.items.9.sku}}{{nothing}}", context)).isEqualTo("Hi !");
    }

    @Test
    void missingValuesCanBeKeptVisibleForPreviews() {
        TemplateRenderer keep = new TemplateRenderer(TemplateRenderer.Missing.KEEP);

        assertThat(keep.render("Hi {{ lead.nickname }} {{lead.firstName}}", context)).isEqualTo("Hi {{ lead.nickname }} Asha");
    }

    @Test
    void numbersListsAndMapsReadNaturally() {
        String text = renderer.render("{{lead.dealValue}} {{lead.score}} [{{lead.tags}}] {{lead.address}}", context);

        assertThat(text).isEqualTo("5000 42 [vip, webinar] {\"city\":\"Pune\"}");
    }

    @Test
    void dollarSignsAndBackslashesInValuesAreNotRegexReplacements() {
        Map<String, Object> ctx = EvaluationContext.of(Map.of("firstName", "$1 \\o/"), null, null, null, null);

        assertThat(renderer.render("Hi {{lead.firstName}}", ctx)).isEqualTo("Hi $1 \\o/");
    }

    @Test
    void htmlRendering_escapesTheValuesButNotTheTemplatesOwnMarkup() {
        Map<String, Object> ctx = EvaluationContext.of(Map.of("firstName", "<script>alert('x')</script> & \"co\""),
                null, Map.of("note", "<b>bold</b>"), null, null);

        String html = TemplateRenderer.html().render("<p>Hi <b>{{lead.firstName}}</b>, {{ event.note }}</p>", ctx);

        assertThat(html).isEqualTo("<p>Hi <b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</b>,"
                + " &lt;b&gt;bold&lt;/b&gt;</p>");
        assertThat(TemplateRenderer.standard().render("<p>{{event.note}}</p>", ctx)).isEqualTo("<p><b>bold</b></p>");
    }

    @Test
    void textWithoutPlaceholdersIsReturnedUnchanged() {
        assertThat(renderer.render("no braces {here}", context)).isEqualTo("no braces {here}");
        assertThat(renderer.render(null, context)).isNull();
    }

    @Test
    void webhookPayloadsRenderRecursivelyAndWholePlaceholdersKeepTheirType() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("source", "Leadflow");
        payload.put("name", "{{lead.firstName}} {{lead.lastName}}");
        payload.put("value", "{{lead.dealValue}}");
        payload.put("tags", "{{ lead.tags }}");
        payload.put("order", Map.of("id", "{{lead.orderId}}"));
        payload.put("lines", List.of("{{event.plan}}", 7, true));
        payload.put("missing", "{{lead.nothing}}");

        Map<String, Object> rendered = renderer.renderMap(payload, context);

        assertThat(rendered).containsExactly(
                Map.entry("source", "Leadflow"),
                Map.entry("name", "Asha Rao"),
                Map.entry("value", 5000.0),
                Map.entry("tags", List.of("vip", "webinar")),
                Map.entry("order", Map.of("id", "ORD-7")),
                Map.entry("lines", List.of("gold", 7, true)),
                Map.entry("missing", ""));
    }

    @Test
    void renderingNeverChangesTheContext() {
        Map<String, Object> payload = new LinkedHashMap<>(Map.of("tags", "{{lead.tags}}"));
        @SuppressWarnings("unchecked")
        List<Object> rendered = (List<Object>) renderer.renderMap(payload, context).get("tags");
        rendered.add("mutated");

        assertThat(ContextPaths.resolve(context, "lead.tags")).isEqualTo(List.of("vip", "webinar"));
    }

    @Test
    void placeholdersAreListedInOrder() {
        assertThat(TemplateRenderer.placeholders("{{a.b}} and {{ c.d }} {{a.b}}")).containsExactly("a.b", "c.d", "a.b");
    }

    @Test
    void contextCarriesTheTriggerNameWhichVariablesCannotOverride() {
        Map<String, Object> ctx = EvaluationContext.of(null, "lead_created", Map.of("trigger", "spoofed", "x", 1), null, null);

        assertThat(ContextPaths.resolve(ctx, "event.trigger")).isEqualTo("lead_created");
        assertThat(ContextPaths.resolve(ctx, "event.x")).isEqualTo(1);
    }

    @Test
    void waitResultsAndResolvedValuesAreAddedWithoutTouchingTheOriginal() {
        Map<String, Object> base = EvaluationContext.of(Map.of("firstName", "Asha"), "t", null, null, null);

        Map<String, Object> next = EvaluationContext.withResolved(EvaluationContext.withWait(base, "step-2", "timeout"),
                "meetLink", "https://meet/x");

        assertThat(ContextPaths.resolve(next, "wait.step-2")).isEqualTo("timeout");
        assertThat(ContextPaths.resolve(next, "resolved.meetLink")).isEqualTo("https://meet/x");
        assertThat(ContextPaths.resolve(base, "wait.step-2")).isNull();
        assertThat(base).containsOnlyKeys("lead", "event", "resolved", "wait");
    }
}
