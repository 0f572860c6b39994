package io.leadflow.activities.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.activities.callback.CallbackActivitiesImpl;
import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.activities.email.EmailActivitiesImpl;
import io.leadflow.activities.meet.MeetActivitiesImpl;
import io.leadflow.activities.whatsapp.WhatsAppActivitiesImpl;
import io.leadflow.contracts.action.ActionActivities;
import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.action.ActionRequest;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Action;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.lead.NewLead;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step actions on real storage, a sandbox tenant's outbox and a real webhook receiver: each reads the lead as it is
 * when the step runs, renders the step's templates against it, and turns what can't work into a typed failure.
 */
class ActionActivitiesImplTest {

    private static ChannelFixture fixture;
    private static LeadService leads;
    private TestActivityEnvironment temporal;
    private ActionActivities actions;
    private MockWebServer receiver;
    private String tenant;
    private TenantScope scope;

    @BeforeAll
    static void storage() {
        fixture = new ChannelFixture();
        leads = new LeadService((tenant, leadId, trigger, variables, depth) -> {
        });
        fixture.tenants.onOpen(LeadService::ensureIndexes);
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        receiver = new MockWebServer();
        receiver.start();
        tenant = fixture.newTenant(true);
        scope = fixture.scope(tenant);
        var properties = ChannelFixture.properties(ChannelFixture.channels("http://127.0.0.1:1", 80,
                "http://127.0.0.1:1/", "http://127.0.0.1:1/token", true));
        ActionActivitiesImpl implementation = new ActionActivitiesImpl(fixture.ledger, fixture.directory, leads,
                new WhatsAppActivitiesImpl(fixture.ledger, properties), new EmailActivitiesImpl(fixture.ledger, fixture.unsubscribe),
                new MeetActivitiesImpl(fixture.ledger, fixture.tenants, properties),
                new CallbackActivitiesImpl(fixture.ledger, fixture.directory, properties));
        temporal = TestActivityEnvironment.newInstance();
        temporal.registerActivitiesImplementations(implementation);
        actions = temporal.newActivityStub(ActionActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @AfterEach
    void tearDown() throws Exception {
        temporal.close();
        receiver.shutdown();
    }

    private Lead lead(String phone, String email, String firstName) {
        return leads.create(scope, NewLead.contact(phone, email, firstName, null, "test"), 0);
    }

    private ActionRequest request(Lead lead, String type, Map<String, Object> params, String key) {
        return new ActionRequest(tenant, lead.id(), "seq:" + tenant + ":" + lead.id() + ":rule:r1", "evt-1", 2, "mail",
                type, params, "appointment_confirmed", Map.of("service", "Dental cleaning"),
                Map.of("meetLink", "https://meet.google.com/abc"), Map.of(), key, 1, "2026-12-01T10:00:00Z");
    }

    private static String failureType(Runnable call) {
        try {
            call.run();
        } catch (ActivityFailure failure) {
            ApplicationFailure cause = (ApplicationFailure) failure.getCause();
            assertThat(cause.isNonRetryable()).as("a step failure no retry can fix").isTrue();
            return cause.getType();
        }
        throw new AssertionError("expected the action to fail");
    }

    @Test
    void emailIsRenderedAgainstTheLeadAsItIsWhenTheStepRuns() {
        Lead lead = lead("+919800000001", "asha@example.com", "Asha");
        leads.patch(scope, lead.id(), Map.of("firstName", "Asha Rani"), 0);

        ActionOutcome outcome = actions.sendEmail(request(lead, Action.SEND_EMAIL,
                Map.of("subject", "See you soon, {{lead.firstName}}", "body", "Your {{event.service}}: {{resolved.meetLink}}"),
                "k-1"));

        assertThat(outcome.outcome()).isEqualTo("done");
        OutboxMessage sent = Outbox.byIdempotencyKey(scope, "k-1").orElseThrow();
        assertThat(sent.recipient()).isEqualTo("asha@example.com");
        assertThat(sent.subject()).isEqualTo("See you soon, Asha Rani");
        assertThat(sent.body()).isEqualTo("Your Dental cleaning: https://meet.google.com/abc");
    }

    @Test
    void leadWithoutEmail_failsTheStepWithLeadHasNoEmail() {
        Lead lead = lead("+919800000002", null, "Asha");

        String type = failureType(() -> actions.sendEmail(request(lead, Action.SEND_EMAIL,
                Map.of("subject", "Hi", "body", "Hello"), "k-2")));

        assertThat(type).isEqualTo(ErrorCode.LEAD_HAS_NO_EMAIL.name());
        assertThat(Outbox.byIdempotencyKey(scope, "k-2")).isEmpty();
    }

    @Test
    void leadWithoutPhone_failsTheWhatsAppStepWithLeadHasNoPhone() {
        Lead lead = lead(null, "ravi@example.com", "Ravi");

        assertThat(failureType(() -> actions.sendWhatsApp(request(lead, Action.SEND_WHATSAPP,
                Map.of("templateName", "welcome", "variables", List.of("{{lead.firstName}}")), "k-3"))))
                .isEqualTo(ErrorCode.LEAD_HAS_NO_PHONE.name());
    }

    @Test
    void textTooLongOnceRendered_failsWithTemplateError() {
        Lead lead = lead("+919800000003", null, "A".repeat(100));

        assertThat(failureType(() -> actions.sendWhatsApp(request(lead, Action.SEND_WHATSAPP,
                Map.of("text", "{{lead.firstName}}".repeat(50)), "k-4"))))
                .isEqualTo(ErrorCode.TEMPLATE_ERROR.name());
    }

    @Test
    void htmlEmail_escapesTheLeadsValues_andKeepsTheTemplatesMarkup() {
        Lead lead = lead("+919800000004", "mallory@example.com", "<script>alert(1)</script>");

        actions.sendEmail(request(lead, Action.SEND_EMAIL, Map.of("subject", "Hi", "html", true,
                "body", "<p>Hello <b>{{lead.firstName}}</b></p>"), "k-5"));

        OutboxMessage sent = Outbox.byIdempotencyKey(scope, "k-5").orElseThrow();
        assertThat(sent.html()).isEqualTo("<p>Hello <b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>");
    }

    @Test
    void suspendedTenant_skipsSends_withTenantSuspended() {
        Lead lead = lead("+919800000005", "asha@example.com", "Asha");
        fixture.directory.updateClient(tenant, new Update().set("status", "suspended"));

        ActionOutcome outcome = actions.sendEmail(request(lead, Action.SEND_EMAIL,
                Map.of("subject", "Hi", "body", "Hello"), "k-6"));

        assertThat(outcome.outcome()).isEqualTo("skipped");
        assertThat(outcome.code()).isEqualTo(ErrorCode.TENANT_SUSPENDED.name());
        assertThat(Outbox.byIdempotencyKey(scope, "k-6")).isEmpty();
    }

    @Test
    void webhook_postsTheEventTheLeadAndTheStepsDueTime_signedUnderTheActionsKey() throws Exception {
        Lead lead = lead("+919800000006", "asha@example.com", "Asha");
        receiver.enqueue(new MockResponse().setResponseCode(200));

        ActionOutcome outcome = actions.callWebhook(request(lead, Action.WEBHOOK,
                Map.of("url", receiver.url("/hook").toString()), "seq:x:a7"));

        assertThat(outcome.result()).containsEntry("statusCode", 200);
        RecordedRequest posted = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertThat(posted.getHeader("webhook-id")).isEqualTo("msg_seq_x_a7");
        JsonNode body = JsonMapper.shared().readTree(posted.getBody().readUtf8());
        assertThat(body.path("event").path("service").stringValue()).isEqualTo("Dental cleaning");
        assertThat(body.path("lead").path("firstName").stringValue()).isEqualTo("Asha");
        assertThat(body.path("step").path("dueAt").stringValue()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(body.path("resolved").path("meetLink").stringValue()).isEqualTo("https://meet.google.com/abc");
    }

    @Test
    void updateLead_appliesTheRenderedCrmAction() {
        Lead lead = lead("+919800000007", null, "Asha");

        ActionOutcome outcome = actions.updateLead(request(lead, Action.ADD_TAG, Map.of("tag", "{{event.service}}"), "k-8"));

        assertThat(outcome.result()).containsEntry("tag", "Dental cleaning").containsEntry("changed", true);
        assertThat(leads.get(scope, lead.id()).tags()).containsExactly("Dental cleaning");
    }

    @Test
    void unknownStage_andDeletedLead_areFailuresNoRetryFixes() {
        Lead lead = lead("+919800000008", null, "Asha");

        assertThat(failureType(() -> actions.updateLead(request(lead, Action.MOVE_STAGE,
                Map.of("stageName", "Nowhere"), "k-9")))).isEqualTo(ErrorCode.VALIDATION_FAILED.name());
        leads.delete(scope, lead.id());
        assertThat(failureType(() -> actions.updateLead(request(lead, Action.ADD_TAG,
                Map.of("tag", "x"), "k-10")))).isEqualTo(ErrorCode.LEAD_NOT_FOUND.name());
    }
}
