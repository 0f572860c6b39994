package io.leadflow.activities.sequence;

import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.EnrollmentPolicy;
import io.leadflow.shared.sequence.LeadEvent;
import io.leadflow.shared.sequence.SequenceInput;
import io.leadflow.shared.temporal.LeadflowSearchAttributes;
import io.leadflow.shared.temporal.StartFailures;
import io.leadflow.shared.temporal.WorkflowIds;
import io.leadflow.shared.temporal.WorkflowTypes;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Enrollment through Temporal ID policies (so a double enrollment is impossible) plus the tenant's sequence index. */
@Component("enrollmentActivities")
public class EnrollmentActivitiesImpl implements EnrollmentActivities {

    private static final Logger log = LoggerFactory.getLogger(EnrollmentActivitiesImpl.class);

    private final WorkflowClient client;
    private final Tenants tenants;
    private final LeadflowProperties properties;

    public EnrollmentActivitiesImpl(WorkflowClient client, Tenants tenants, LeadflowProperties properties) {
        this.client = client;
        this.tenants = tenants;
        this.properties = properties;
        tenants.onOpen(scope -> scope.data().indexOps(Enrollment.class).createIndex(new Index()
                .on("clientCode", Sort.Direction.ASC).on("leadId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)));
    }

    @Override
    public EnrollmentOutcome enroll(SequenceInput input, String reEnrollment) {
        String workflowId = WorkflowIds.sequence(input.clientCode(), input.leadId(), input.sequenceKey());
        EnrollmentPolicy policy = EnrollmentPolicy.of(reEnrollment);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(properties.temporal().taskQueue())
                .setWorkflowIdReusePolicy(policy.reuse())
                .setWorkflowIdConflictPolicy(policy.conflict());
        if (properties.temporal().searchAttributes()) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(input.clientCode(), input.leadId(),
                    input.trigger(), input.rule() != null ? input.rule().id() : input.sequenceKey()));
        }
        try {
            client.newUntypedWorkflowStub(WorkflowTypes.SEQUENCE, options.build()).start(input);
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            return new EnrollmentOutcome(workflowId, false, "already enrolled (reEnrollment=" + reEnrollment + ")");
        } catch (WorkflowServiceException e) {
            if (StartFailures.isAlreadyStarted(e)) {
                return new EnrollmentOutcome(workflowId, false, "already enrolled (reEnrollment=" + reEnrollment + ")");
            }
            throw e;
        }
        // Insert-only: the run itself writes its full entry first thing, and may already have finished by now.
        SequenceIndex.enroll(tenants.scope(input.clientCode()), input, workflowId, true);
        log.info("enrolled lead {} in {} as {}", input.leadId(), input.sequenceKey(), workflowId);
        return new EnrollmentOutcome(workflowId, true, null);
    }

    @Override
    public int notifyLeadSequences(String clientCode, String leadId, LeadEvent event) {
        TenantScope tenant = tenants.scope(clientCode);
        List<Enrollment> live = tenant.data().find(Query.query(Criteria.where("leadId").is(leadId)
                .and("status").in(Enrollment.RUNNING, Enrollment.PAUSED)), Enrollment.class);
        int told = 0;
        for (Enrollment enrollment : live) {
            try {
                client.newUntypedWorkflowStub(enrollment.id()).signal("leadEvent", event);
                told++;
            } catch (WorkflowNotFoundException closed) {
                log.debug("sequence {} already closed", enrollment.id());
            }
        }
        return told;
    }
}
