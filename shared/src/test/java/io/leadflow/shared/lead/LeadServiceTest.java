package io.leadflow.shared.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.Condition;
import io.leadflow.contracts.rule.ConditionEvaluator;
import io.leadflow.contracts.template.TemplateRenderer;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.support.EmbeddedStore;
import io.leadflow.shared.tenant.TenantScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeadServiceTest {

    private final EmbeddedStore store = EmbeddedStore.get();
    private final RecordedEvents events = new RecordedEvents();
    private final LeadService leads = new LeadService(events);
    private TenantScope acme;

    @BeforeEach
    void newTenant() {
        acme = store.newTenant("acme");
        LeadService.ensureIndexes(acme);
    }

    private static NewLead asha() {
        return new NewLead("Asha", "Rao", "Asha@Example.com", "+91 98765-43210", "website", 10, 5000.0,
                List.of("webinar"), null, null, null, null, Map.of("orderId", "ORD-7"), Map.of("city", "Pune"),
                "Asia/Kolkata");
    }

    private static NewLead withPhone(String phone) {
        return NewLead.contact(phone, null, "Lead", phone, "test");
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((LeadflowException) e).code();
    }

    @Nested
    class Creating {

        @Test
        void aNewLeadStartsInTheFirstStageOfTheDefaultPipelineAndFiresLeadCreated() {
            Lead lead = leads.create(acme, asha(), 0);

            Pipeline sales = Pipelines.defaultPipeline(acme).orElseThrow();
            assertThat(lead.pipelineId()).isEqualTo(sales.id());
            assertThat(lead.stageId()).isEqualTo(sales.firstStage().id());
            assertThat(lead.phone()).isEqualTo("+919876543210");
            assertThat(lead.email()).isEqualTo("asha@example.com");
            assertThat(lead.clientCode()).isEqualTo(acme.clientCode());
            assertThat(events.all()).singleElement().satisfies(fired -> {
                assertThat(fired.trigger()).isEqualTo("lead_created");
                assertThat(fired.leadId()).isEqualTo(lead.id());
                assertThat(fired.variables()).containsEntry("stageName", "New").containsEntry("source", "website");
                assertThat(fired.depth()).isZero();
            });
            assertThat(leads.get(acme, lead.id())).isEqualTo(lead);
        }

        @Test
        void aLeadCanStartInANamedStage() {
            Lead lead = leads.create(acme, new NewLead(null, null, "x@example.com", null, null, null, null, null, null,
                    null, null, "qualified", null, null, null), 0);

            assertThat(leads.facts(acme, lead.id()).orElseThrow()).containsEntry("stage", "Qualified");
        }

        @Test
        void aLeadNeedsAPhoneOrAnEmail() {
            assertThatThrownBy(() -> leads.create(acme, NewLead.contact(null, " ", "No", "Contact", null), 0))
                    .isInstanceOf(FieldValidationException.class).hasMessageStartingWith("phone: ");
        }

        @Test
        void phonesMustBeE164AndEmailsLookLikeEmails() {
            assertThatThrownBy(() -> leads.create(acme, withPhone("98765 43210"), 0))
                    .hasMessage("phone: must be an E.164 number like +919876543210");
            assertThatThrownBy(() -> leads.create(acme, NewLead.contact(null, "not-an-email", null, null, null), 0))
                    .hasMessage("email: must be an email address");
            assertThatThrownBy(() -> leads.create(acme, new NewLead(null, null, null, "+15551234567", null, null, -1.0,
                    null, null, null, null, null, Map.of("bad.key", 1), null, null), 0))
                    .isInstanceOf(FieldValidationException.class);
            assertThatThrownBy(() -> leads.create(acme, new NewLead(null, null, null, "+15551234567", null, null, null,
                    null, null, null, null, null, null, null, "Mars/Base"), 0))
                    .hasMessageStartingWith("timezone: unknown time zone");
        }

        @Test
        void aSecondLeadWithTheSamePhoneOrEmailIsAConflictNamingTheFirst() {
            Lead first = leads.create(acme, asha(), 0);

            assertThatThrownBy(() -> leads.create(acme, withPhone("+919876543210"), 0))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT))
                    .satisfies(e -> assertThat(((LeadflowException) e).details()).containsEntry("leadId", first.id()));
            assertThatThrownBy(() -> leads.create(acme, NewLead.contact("+15550000001", "ASHA@example.com", null, null, null), 0))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        }

        @Test
        void findOrCreateReusesTheLeadWithThatContact() {
            Lead first = leads.create(acme, asha(), 0);
            events.clear();

            LeadService.Created again = leads.findOrCreate(acme, NewLead.contact(null, "asha@example.com", null, null, null), 0);

            assertThat(again.created()).isFalse();
            assertThat(again.lead().id()).isEqualTo(first.id());
            assertThat(events.all()).isEmpty();
        }

        @Test
        void racingRequestsForTheSameNewPhoneCreateExactlyOneLead() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<LeadService.Created>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(() -> leads.findOrCreate(acme, withPhone("+14155550100"), 0));
                }
                List<String> ids = new ArrayList<>();
                int created = 0;
                for (Future<LeadService.Created> result : pool.invokeAll(calls)) {
                    ids.add(result.get().lead().id());
                    created += result.get().created() ? 1 : 0;
                }

                assertThat(created).isEqualTo(1);
                assertThat(ids).containsOnly(ids.get(0));
                assertThat(leads.list(acme, LeadFilter.none(), 1, 100).total()).isEqualTo(1);
                assertThat(events.triggers()).containsExactly("lead_created");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Stages {

        @Test
        void movingByNameFiresStageExitThenStageEnter() {
            Lead lead = leads.create(acme, asha(), 0);
            Pipeline sales = Pipelines.defaultPipeline(acme).orElseThrow();
            events.clear();

            Lead moved = leads.moveStage(acme, lead.id(), null, "  QUALIFIED ", 0);

            String qualified = sales.stageNamed("Qualified").orElseThrow().id();
            assertThat(moved.stageId()).isEqualTo(qualified);
            assertThat(events.triggers()).containsExactly("stage_exit", "stage_enter");
            assertThat(events.all().get(0).variables()).containsEntry("stageName", "New")
                    .containsEntry("fromStageId", lead.stageId()).containsEntry("toStageId", qualified);
            assertThat(events.all().get(1).variables()).containsEntry("stageName", "Qualified")
                    .containsEntry("fromStageName", "New").containsEntry("toStageName", "Qualified");
            assertThat(leads.activities(acme, lead.id(), 10).get(0).type()).isEqualTo("stage_changed");
        }

        @Test
        void movingToTheCurrentStageChangesAndFiresNothing() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            Lead same = leads.moveStage(acme, lead.id(), lead.stageId(), null, 0);

            assertThat(same.updatedAt()).isEqualTo(lead.updatedAt());
            assertThat(events.all()).isEmpty();
        }

        @Test
        void anUnknownStageIsABadRequestNamingTheField() {
            Lead lead = leads.create(acme, asha(), 0);

            assertThatThrownBy(() -> leads.moveStage(acme, lead.id(), null, "Negotiation", 0))
                    .isInstanceOf(FieldValidationException.class).hasMessageStartingWith("stageName: no stage named 'Negotiation'");
            assertThatThrownBy(() -> leads.moveStage(acme, lead.id(), "nope", null, 0))
                    .hasMessageStartingWith("stageId: no stage 'nope'");
        }

        @Test
        void anAutomationsMovePassesItsDepthToTheEngineAndIsLoggedAsAutomation() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            leads.moveStage(acme, lead.id(), null, "Won", 3);

            assertThat(events.all()).extracting(RecordedEvents.Fired::depth).containsOnly(3);
            assertThat(leads.activities(acme, lead.id(), 1).get(0).actor()).isEqualTo("automation");
        }
    }

    @Nested
    class TagsAndAssignment {

        @Test
        void onlyTagsThatReallyChangeFireTriggers() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            Lead tagged = leads.updateTags(acme, lead.id(), List.of("vip", "webinar", " vip "), List.of("cold"), 0);

            assertThat(tagged.tags()).containsExactly("webinar", "vip");
            assertThat(events.all()).singleElement().satisfies(fired -> {
                assertThat(fired.trigger()).isEqualTo("tag_added");
                assertThat(fired.variables()).containsEntry("tag", "vip");
            });

            events.clear();
            assertThat(leads.removeTag(acme, lead.id(), "webinar", 0).tags()).containsExactly("vip");
            assertThat(events.triggers()).containsExactly("tag_removed");
        }

        @Test
        void aTagCannotBeAddedAndRemovedAtOnce() {
            Lead lead = leads.create(acme, asha(), 0);

            assertThatThrownBy(() -> leads.updateTags(acme, lead.id(), List.of("x"), List.of("x"), 0))
                    .hasMessageStartingWith("remove: tag 'x' is both added and removed");
        }

        @Test
        void assigningFiresAssignedButUnassigningOnlyLogs() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            assertThat(leads.assign(acme, lead.id(), "user-7", 0).assignedTo()).isEqualTo("user-7");
            assertThat(leads.assign(acme, lead.id(), "user-7", 0).assignedTo()).isEqualTo("user-7");
            assertThat(leads.assign(acme, lead.id(), null, 0).assignedTo()).isNull();

            assertThat(events.all()).singleElement().satisfies(fired -> {
                assertThat(fired.trigger()).isEqualTo("assigned");
                assertThat(fired.variables()).containsEntry("userId", "user-7");
            });
            assertThat(leads.activities(acme, lead.id(), 10)).extracting(ActivityEntry::type)
                    .startsWith("unassigned", "assigned");
        }
    }

    @Nested
    class Patching {

        @Test
        void changedFieldsAreSavedAndLoggedOnce() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            Map<String, Object> changes = new HashMap<>();
            changes.put("firstName", "Asha R.");
            changes.put("score", 80);
            changes.put("extra", null);
            changes.put("clientCode", "someone-else");
            Lead patched = leads.patch(acme, lead.id(), changes, 0);

            assertThat(patched.firstName()).isEqualTo("Asha R.");
            assertThat(patched.score()).isEqualTo(80);
            assertThat(patched.extra()).isNull();
            assertThat(patched.clientCode()).isEqualTo(acme.clientCode());
            assertThat(events.all()).isEmpty();
            assertThat(leads.activities(acme, lead.id(), 1).get(0).data()).containsEntry("fields", List.of("firstName", "score", "extra"));
        }

        @Test
        void patchingTagsAssigneeAndStageFiresTheirTriggers() {
            Lead lead = leads.create(acme, asha(), 0);
            events.clear();

            Lead patched = leads.patch(acme, lead.id(), Map.of("tags", List.of("vip"), "assignedTo", "u1",
                    "stageName", "Contacted"), 0);

            assertThat(patched.tags()).containsExactly("vip");
            assertThat(patched.assignedTo()).isEqualTo("u1");
            assertThat(events.triggers()).containsExactly("tag_added", "tag_removed", "assigned", "stage_exit", "stage_enter");
        }

        @Test
        void aChangedPhoneFreesTheOldOneForAnotherLead() {
            Lead lead = leads.create(acme, asha(), 0);

            leads.patch(acme, lead.id(), Map.of("phone", "+919800000000"), 0);

            assertThat(leads.create(acme, withPhone("+919876543210"), 0).phone()).isEqualTo("+919876543210");
            assertThatThrownBy(() -> leads.create(acme, withPhone("+919800000000"), 0))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        }

        @Test
        void takingAnotherLeadsPhoneIsAConflict() {
            Lead asha = leads.create(acme, asha(), 0);
            Lead ravi = leads.create(acme, withPhone("+919811111111"), 0);

            assertThatThrownBy(() -> leads.patch(acme, ravi.id(), Map.of("phone", asha.phone()), 0))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
            assertThat(leads.get(acme, ravi.id()).phone()).isEqualTo("+919811111111");
        }

        @Test
        void mistakesNameTheirField() {
            Lead lead = leads.create(acme, asha(), 0);

            assertThatThrownBy(() -> leads.patch(acme, lead.id(), Map.of("nickname", "A"), 0)).hasMessage("nickname: unknown field");
            assertThatThrownBy(() -> leads.patch(acme, lead.id(), Map.of("score", "high"), 0)).hasMessage("score: must be a whole number");
            assertThatThrownBy(() -> leads.patch(acme, lead.id(), Map.of("pipelineId", "other"), 0))
                    .hasMessageStartingWith("pipelineId: ");
            Map<String, Object> noContact = new HashMap<>();
            noContact.put("phone", null);
            noContact.put("email", null);
            assertThatThrownBy(() -> leads.patch(acme, lead.id(), noContact, 0)).hasMessageStartingWith("phone: a lead needs");
        }
    }

    @Nested
    class Listing {

        @Test
        void pagesAreNewestFirstWithTotals() {
            for (int i = 0; i < 5; i++) {
                leads.create(acme, withPhone("+1555000000" + i), 0);
            }

            LeadPage first = leads.list(acme, LeadFilter.none(), 1, 2);
            LeadPage last = leads.list(acme, LeadFilter.none(), 3, 2);

            assertThat(first.total()).isEqualTo(5);
            assertThat(first.totalPages()).isEqualTo(3);
            assertThat(first.items()).extracting(Lead::phone).containsExactly("+15550000004", "+15550000003");
            assertThat(last.items()).extracting(Lead::phone).containsExactly("+15550000000");
        }

        @Test
        void filtersByStageTagAssigneeAndText() {
            Lead asha = leads.create(acme, asha(), 0);
            Lead ravi = leads.create(acme, NewLead.contact("+919822222222", null, "Ravi", "K.", null), 0);
            leads.moveStage(acme, ravi.id(), null, "Won", 0);
            leads.assign(acme, ravi.id(), "u2", 0);

            String won = Pipelines.defaultPipeline(acme).orElseThrow().stageNamed("Won").orElseThrow().id();
            assertThat(leads.list(acme, new LeadFilter(null, won, null, null, null), 1, 10).items())
                    .extracting(Lead::id).containsExactly(ravi.id());
            assertThat(leads.list(acme, new LeadFilter(null, null, "webinar", null, null), 1, 10).items())
                    .extracting(Lead::id).containsExactly(asha.id());
            assertThat(leads.list(acme, new LeadFilter(null, null, null, "u2", null), 1, 10).items())
                    .extracting(Lead::id).containsExactly(ravi.id());
            assertThat(leads.list(acme, new LeadFilter(null, null, null, null, "ASHA@"), 1, 10).items())
                    .extracting(Lead::id).containsExactly(asha.id());
            assertThat(leads.list(acme, new LeadFilter(null, null, null, null, "k."), 1, 10).items())
                    .extracting(Lead::id).containsExactly(ravi.id());
            assertThat(leads.list(acme, new LeadFilter(null, null, null, null, ".*"), 1, 10).total()).isZero();
        }

        @Test
        void pageAndLimitAreChecked() {
            assertThatThrownBy(() -> leads.list(acme, null, 0, 10)).hasMessage("page: must be 1 or more");
            assertThatThrownBy(() -> leads.list(acme, null, 1, 101)).hasMessage("limit: must be between 1 and 100");
        }
    }

    @Nested
    class NotesActivityAndDeletion {

        @Test
        void notesAreListedNewestFirstAndLogged() {
            Lead lead = leads.create(acme, asha(), 0);

            leads.addNote(acme, lead.id(), "called, no answer", "sam");
            leads.addNote(acme, lead.id(), "  sent brochure ", null);

            assertThat(leads.notes(acme, lead.id())).extracting(Note::body).containsExactly("sent brochure", "called, no answer");
            assertThat(leads.activities(acme, lead.id(), 50)).extracting(ActivityEntry::type)
                    .containsExactly("note_added", "note_added", "lead_created");
            assertThatThrownBy(() -> leads.addNote(acme, lead.id(), " ", null)).hasMessage("body: is required");
        }

        @Test
        void deletingALeadRemovesItsNotesAndActivityAndFreesItsContacts() {
            Lead lead = leads.create(acme, asha(), 0);
            leads.addNote(acme, lead.id(), "hello", null);

            leads.delete(acme, lead.id());

            assertThat(leads.find(acme, lead.id())).isEmpty();
            assertThat(acme.data().count(new org.springframework.data.mongodb.core.query.Query(), Note.class)).isZero();
            assertThat(acme.data().count(new org.springframework.data.mongodb.core.query.Query(), ActivityEntry.class)).isZero();
            assertThat(leads.create(acme, asha(), 0).id()).isNotEqualTo(lead.id());
        }

        @Test
        void idsThatAreNotIdsAreSimplyNotFound() {
            assertThatThrownBy(() -> leads.get(acme, "not-an-object-id"))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.LEAD_NOT_FOUND));
            assertThatThrownBy(() -> leads.delete(acme, "64a5b8e8f1b2c3d4e5f6a7b1"))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.LEAD_NOT_FOUND));
        }
    }

    @Test
    void anotherTenantCannotReachTheLeadByIdOrContact() {
        Lead lead = leads.create(acme, asha(), 0);
        TenantScope globex = store.newTenant("globex");

        assertThat(leads.find(globex, lead.id())).isEmpty();
        assertThat(leads.findByContact(globex, lead.phone(), lead.email())).isEmpty();
        assertThatThrownBy(() -> leads.moveStage(globex, lead.id(), null, "Won", 0))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.LEAD_NOT_FOUND));
        assertThat(leads.create(globex, asha(), 0).id()).isNotEqualTo(lead.id());
        assertThat(leads.get(acme, lead.id())).isEqualTo(lead);
    }

    @Nested
    class FactsForRules {

        @Test
        void factsCarryStageNameTagsAndFlattenedAttributes() {
            Lead lead = leads.create(acme, asha(), 0);

            Map<String, Object> facts = leads.facts(acme, lead.id()).orElseThrow();

            assertThat(facts).containsEntry("stage", "New").containsEntry("stageName", "New")
                    .containsEntry("tags", List.of("webinar")).containsEntry("orderId", "ORD-7")
                    .containsEntry("city", "Pune").containsEntry("name", "Asha Rao").containsEntry("dealValue", 5000.0);
            assertThat(facts.get("createdAt")).isInstanceOf(String.class);
        }

        @Test
        void theLeadsOwnFieldsWinOverFlattenedExtras() {
            Lead lead = leads.create(acme, new NewLead("Asha", null, null, "+15551230000", null, null, null, null, null,
                    null, null, null, null, new LinkedHashMap<>(Map.of("email", "attacker@example.com")), null), 0);

            Map<String, Object> facts = leads.facts(acme, lead.id()).orElseThrow();

            assertThat(facts.get("email")).isNull();
            assertThat(facts.get("extra")).isEqualTo(Map.of("email", "attacker@example.com"));
        }

        @Test
        void theContextFeedsConditionsAndTemplates() {
            Lead lead = leads.create(acme, asha(), 0);
            Map<String, Object> context = leads.contextOf(lead, leads.pipelineOf(acme, lead));

            assertThat(TemplateRenderer.standard().render("Hi {{lead.firstName}}, order {{lead.orderId}} ({{lead.stage}})", context))
                    .isEqualTo("Hi Asha, order ORD-7 (New)");
            assertThat(ConditionEvaluator.evaluate(Condition.all(List.of(
                    Condition.leaf("lead.tags", "contains", "webinar"),
                    Condition.leaf("lead.dealValue", "greaterThanInclusive", 2000))), context)).isTrue();
        }

        @Test
        void crmActionsOfRuleStepsReportWhatChanged() {
            Lead lead = leads.create(acme, asha(), 0);

            assertThat(leads.applyAction(acme, lead.id(), "move_stage", Map.of("stageName", "Won"), 1))
                    .containsEntry("stageName", "Won").containsEntry("changed", true);
            assertThat(leads.applyAction(acme, lead.id(), "add_tag", Map.of("tag", "customer"), 1))
                    .containsEntry("changed", true);
            assertThat(leads.applyAction(acme, lead.id(), "add_tag", Map.of("tag", "customer"), 1))
                    .containsEntry("changed", false);
            assertThat(leads.applyAction(acme, lead.id(), "assign_to", Map.of("userId", "u9"), 1))
                    .containsEntry("userId", "u9");
            assertThatThrownBy(() -> leads.applyAction(acme, lead.id(), "send_email", Map.of(), 1))
                    .isInstanceOf(FieldValidationException.class);
        }
    }
}
