package io.leadflow.activities.sequence;

import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.TenantScope;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Runs CRM actions of sequence steps through the lead service, so lifecycle triggers fire (one level deeper) as
 * for any other change. A bad stage or a deleted lead is a business failure of the step, not worth retrying.
 */
@Component
public class CrmActions {

    private final LeadService leads;

    public CrmActions(LeadService leads) {
        this.leads = leads;
    }

    Map<String, Object> run(TenantScope tenant, CrmAction action) {
        try {
            return leads.applyAction(tenant, action.leadId(), action.type(), action.params(), action.depth());
        } catch (LeadflowException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            ErrorCode code = e.code() == ErrorCode.NOT_FOUND ? ErrorCode.LEAD_NOT_FOUND : e.code();
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), code.name());
        }
    }
}
