package io.leadflow.activities.sequence;

import io.leadflow.shared.tenant.TenantScope;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Runs CRM actions of sequence steps through the lead service, so lifecycle triggers fire as for any change. */
@Component
public class CrmActions {

    Map<String, Object> run(TenantScope tenant, CrmAction action) {
        throw new UnsupportedOperationException("wired to LeadService in the next commit");
    }
}
