package io.leadflow.api.sequence;

import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.rule.RuleSnapshot;
import io.leadflow.contracts.sequence.EnrollmentPolicy;
import io.leadflow.contracts.sequence.SequenceInput;
import io.leadflow.contracts.sequence.SequenceStarts;
import io.leadflow.shared.engine.EventPlanner;
import io.leadflow.shared.engine.SequenceStarter;
import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.event.EventPayloads;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.sequence.CatalogEntry;
import io.leadflow.shared.sequence.SequenceCatalog;
import io.leadflow.shared.tenant.TenantScope;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Enrolls a lead in a code sequence on an operator's request ({@code POST /api/crm/sequences}): the sequence must be in
 * the catalog workers published, the lead must be the tenant's, and the re-enrollment policy is the same as for rules
 * (a running sequence is left alone unless {@code reEnrollment} is {@code always}, which restarts it).
 */
@Service
class SequenceEnrollments {

    /** The trigger an operator's enrollment carries ({@code event.trigger} in templates). */
    static final String MANUAL = "manual_enrollment";

    private final SequenceStarter starter;
    private final SequenceCatalog catalog;
    private final LeadService leads;
    private final EventPlanner planner;

    SequenceEnrollments(SequenceStarter starter, SequenceCatalog catalog, LeadService leads, EventPlanner planner) {
        this.starter = starter;
        this.catalog = catalog;
        this.leads = leads;
        this.planner = planner;
    }

    /** Body of {@code POST /api/crm/sequences}. */
    record EnrollRequest(String sequence, String leadId, Map<String, Object> variables, String reEnrollment) {
    }

    /** The enrollment made: the workflow, and whether a running one was restarted. */
    record Enrolled(String workflowId, String sequence, String leadId, String status, boolean restarted) {
    }

    List<CatalogEntry> definitions() {
        return catalog.all();
    }

    Enrolled enroll(TenantScope tenant, EnrollRequest request) {
        if (request == null) {
            throw new FieldValidationException("body", "an enrollment object is required");
        }
        String name = codeName(request.sequence());
        if (request.leadId() == null || request.leadId().isBlank()) {
            throw new FieldValidationException("leadId", "is required");
        }
        String reEnrollment = request.reEnrollment() == null ? EnrollmentPolicy.NEVER : request.reEnrollment();
        if (!EnrollmentPolicy.MODES.contains(reEnrollment)) {
            throw new FieldValidationException("reEnrollment", "must be one of " + EnrollmentPolicy.MODES);
        }
        Map<String, Object> variables = request.variables() == null ? Map.of() : request.variables();
        EventPayloads.check(variables, "variables");
        CatalogEntry definition = catalog.find(name).orElseThrow(() -> LeadflowException.notFound(
                ErrorCode.SEQUENCE_DEFINITION_NOT_FOUND, "code sequence", name));
        Lead lead = leads.get(tenant, request.leadId().trim());
        String timezone = planner.timezone(tenant);
        SequenceInput input = new SequenceInput(tenant.clientCode(), lead.id(), SequenceInput.codeKey(name),
                definition.name(), null, name, MANUAL, variables, Map.of(), null, timezone, 0,
                leads.leadFacts(lead, leads.pipelineOf(tenant, lead)));
        return start(input, reEnrollment);
    }

    private Enrolled start(SequenceInput input, String reEnrollment) {
        String workflowId = SequenceStarts.workflowId(input);
        SequenceStarter.Started started = starter.enroll(input, reEnrollment);
        if (started == SequenceStarter.Started.ALREADY_ENROLLED) {
            throw new LeadflowException(ErrorCode.ALREADY_ENROLLED, "the lead is already enrolled in this sequence"
                    + " (reEnrollment=" + reEnrollment + ")").withDetails(Map.of("workflowId", workflowId));
        }
        return new Enrolled(workflowId, RuleSnapshot.CODE_PREFIX + input.codeSequence(), input.leadId(), "running",
                started == SequenceStarter.Started.RESTARTED);
    }

    private static String codeName(String sequence) {
        if (sequence == null || !sequence.startsWith(RuleSnapshot.CODE_PREFIX)
                || !io.leadflow.shared.rule.RuleParser.CODE_SEQUENCE.matcher(sequence).matches()) {
            throw new FieldValidationException("sequence", "must be code:<name>, naming a registered code sequence");
        }
        return sequence.substring(RuleSnapshot.CODE_PREFIX.length());
    }
}
