package io.leadflow.shared.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.support.EmbeddedStore;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelinesTest {

    private final EmbeddedStore store = EmbeddedStore.get();
    private final LeadService leads = new LeadService(new RecordedEvents());
    private TenantScope acme;

    @BeforeEach
    void newTenant() {
        acme = store.newTenant("pipes");
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((LeadflowException) e).code();
    }

    @Test
    void everyTenantSeesItsDefaultPipelineFirst() {
        Pipeline hiring = Pipelines.create(acme, "Hiring", List.of("Applied", "Interview", "Offer"), false);

        List<Pipeline> all = Pipelines.list(acme);

        assertThat(all).extracting(Pipeline::name).containsExactly("Sales", "Hiring");
        assertThat(all.get(0).isDefault()).isTrue();
        assertThat(hiring.stages()).extracting(Pipeline.Stage::name, Pipeline.Stage::order)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Applied", 0),
                        org.assertj.core.groups.Tuple.tuple("Interview", 1), org.assertj.core.groups.Tuple.tuple("Offer", 2));
    }

    @Test
    void makingAPipelineTheDefaultTakesTheFlagFromTheOldOne() {
        Pipelines.ensureDefault(acme);
        Pipeline hiring = Pipelines.create(acme, "Hiring", List.of("Applied"), true);

        assertThat(hiring.isDefault()).isTrue();
        assertThat(Pipelines.list(acme)).filteredOn(Pipeline::isDefault).extracting(Pipeline::name).containsExactly("Hiring");
        assertThatThrownBy(() -> Pipelines.update(acme, hiring.id(), null, null, false))
                .hasMessageStartingWith("isDefault: ");
    }

    @Test
    void stageNamesAreRequiredAndUniqueIgnoringCase() {
        assertThatThrownBy(() -> Pipelines.create(acme, "P", List.of(), false)).hasMessageStartingWith("stages: ");
        assertThatThrownBy(() -> Pipelines.create(acme, "P", List.of("New", "new "), false))
                .isInstanceOf(FieldValidationException.class).hasMessageStartingWith("stages[1].name: duplicate");
        assertThatThrownBy(() -> Pipelines.create(acme, " ", List.of("New"), false)).hasMessage("name: is required");
    }

    @Test
    void renamingAndReorderingKeepsStageIdsSoLeadsStayPut() {
        Pipeline sales = Pipelines.ensureDefault(acme);
        Pipeline.Stage first = sales.stages().get(0);
        Lead lead = leads.create(acme, NewLead.contact("+15557654321", null, null, null, null), 0);

        List<Pipelines.StageEdit> edits = new java.util.ArrayList<>();
        for (int i = sales.stages().size() - 1; i >= 0; i--) {
            Pipeline.Stage stage = sales.stages().get(i);
            edits.add(new Pipelines.StageEdit(stage.id(), stage.id().equals(first.id()) ? "Fresh" : stage.name()));
        }
        Pipeline updated = Pipelines.update(acme, sales.id(), "Sales 2026", edits, null);

        assertThat(updated.name()).isEqualTo("Sales 2026");
        assertThat(updated.stages().get(updated.stages().size() - 1)).isEqualTo(new Pipeline.Stage(first.id(), "Fresh", 5));
        assertThat(leads.facts(acme, lead.id()).orElseThrow()).containsEntry("stage", "Fresh");
    }

    @Test
    void aStageWithLeadsCannotBeRemoved() {
        Pipeline sales = Pipelines.ensureDefault(acme);
        leads.create(acme, NewLead.contact("+15557654321", null, null, null, null), 0);

        List<Pipelines.StageEdit> withoutFirst = sales.stages().subList(1, sales.stages().size()).stream()
                .map(stage -> new Pipelines.StageEdit(stage.id(), stage.name())).toList();

        assertThatThrownBy(() -> Pipelines.update(acme, sales.id(), null, withoutFirst, null))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT)).hasMessageContaining("'New' still holds 1 lead");
        assertThatThrownBy(() -> Pipelines.update(acme, sales.id(), null, List.of(new Pipelines.StageEdit("elsewhere", "X")), null))
                .hasMessageStartingWith("stages[0].id: no stage 'elsewhere'");
    }

    @Test
    void theDefaultPipelineAndPipelinesWithLeadsCannotBeDeleted() {
        Pipeline sales = Pipelines.ensureDefault(acme);
        Pipeline hiring = Pipelines.create(acme, "Hiring", List.of("Applied"), false);
        Pipeline empty = Pipelines.create(acme, "Empty", List.of("Only"), false);
        leads.create(acme, new NewLead(null, null, "c@example.com", null, null, null, null, null, null, hiring.id(),
                null, null, null, null, null), 0);

        assertThatThrownBy(() -> Pipelines.delete(acme, sales.id())).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> Pipelines.delete(acme, hiring.id())).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        Pipelines.delete(acme, empty.id());

        assertThat(Pipelines.list(acme)).extracting(Pipeline::name).containsExactly("Sales", "Hiring");
        assertThatThrownBy(() -> Pipelines.get(acme, empty.id())).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
