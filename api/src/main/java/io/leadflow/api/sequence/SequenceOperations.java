package io.leadflow.api.sequence;

import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.sequence.Enrollment;
import io.leadflow.shared.sequence.SequenceStatus;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Reads and controls sequences. Ownership is checked against the tenant's own index before any workflow is
 * touched, so one tenant can never see or signal another's sequence, whatever workflow ID it sends.
 */
@Service
class SequenceOperations {

    private static final Logger log = LoggerFactory.getLogger(SequenceOperations.class);
    private static final Set<String> STATUSES = Set.of(Enrollment.RUNNING, Enrollment.PAUSED, Enrollment.COMPLETED,
            Enrollment.EXITED, Enrollment.CANCELLED, Enrollment.FAILED);

    private final WorkflowClient client;

    SequenceOperations(WorkflowClient client) {
        this.client = client;
    }

    /** The index entry and, when the workflow answers, its live state. */
    record SequenceView(Enrollment sequence, SequenceStatus live) {
    }

    List<Enrollment> list(TenantScope tenant, String leadId, String ruleId, String status, int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw LeadflowException.invalid("status", "must be one of " + STATUSES.stream().sorted().toList());
        }
        if (limit < 1 || limit > 500) {
            throw LeadflowException.invalid("limit", "must be between 1 and 500");
        }
        Query query = new Query();
        if (leadId != null) {
            query.addCriteria(Criteria.where("leadId").is(leadId));
        }
        if (ruleId != null) {
            query.addCriteria(Criteria.where("ruleId").is(ruleId));
        }
        if (status != null) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        return tenant.data().find(query.with(Sort.by(Sort.Direction.DESC, "enrolledAt")).limit(limit), Enrollment.class);
    }

    SequenceView view(TenantScope tenant, String workflowId) {
        Enrollment enrollment = require(tenant, workflowId);
        SequenceStatus live = null;
        try {
            live = client.newUntypedWorkflowStub(workflowId).query("status", SequenceStatus.class);
        } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
            log.debug("status query of {} failed: {}", workflowId, e.toString());
        }
        return new SequenceView(enrollment, live);
    }

    void control(TenantScope tenant, String workflowId, String action, String reason) {
        Enrollment enrollment = require(tenant, workflowId);
        if (!enrollment.isOpen()) {
            throw new LeadflowException(ErrorCode.CONFLICT, "sequence is " + enrollment.status() + "; nothing to " + action);
        }
        if (!signal(workflowId, action, reason)) {
            throw new LeadflowException(ErrorCode.CONFLICT, "sequence has already ended");
        }
    }

    int bulk(TenantScope tenant, String ruleId, String action, String reason) {
        List<Enrollment> open = tenant.data().find(Query.query(Criteria.where("ruleId").is(ruleId)
                .and("status").in(Enrollment.RUNNING, Enrollment.PAUSED)), Enrollment.class);
        int affected = 0;
        for (Enrollment enrollment : open) {
            boolean applies = switch (action) {
                case "pause" -> Enrollment.RUNNING.equals(enrollment.status());
                case "resume" -> Enrollment.PAUSED.equals(enrollment.status());
                default -> true;
            };
            if (applies && signal(enrollment.id(), action, reason)) {
                affected++;
            }
        }
        return affected;
    }

    private boolean signal(String workflowId, String action, String reason) {
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
        try {
            switch (action) {
                case "pause" -> stub.signal("pause");
                case "resume" -> stub.signal("resume");
                case "skip-wait" -> stub.signal("skipWait");
                case "cancel" -> stub.signal("cancel", reason == null ? "cancelled by operator" : reason);
                default -> throw LeadflowException.invalid("action", "unknown action " + action);
            }
            return true;
        } catch (WorkflowNotFoundException closed) {
            return false;
        }
    }

    private static Enrollment require(TenantScope tenant, String workflowId) {
        return tenant.data().findById(workflowId, Enrollment.class)
                .orElseThrow(() -> LeadflowException.notFound(ErrorCode.SEQUENCE_NOT_FOUND, "sequence", workflowId));
    }
}
