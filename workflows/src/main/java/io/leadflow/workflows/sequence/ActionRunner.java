package io.leadflow.workflows.sequence;

import io.leadflow.activities.sequence.CrmAction;
import io.leadflow.activities.sequence.SequenceActivities;
import io.leadflow.shared.error.ErrorCode;
import io.leadflow.shared.rule.Action;
import io.leadflow.shared.template.TemplateRenderer;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Set;

/** Runs one action of a sequence through the right activity, with its parameters rendered against the context. */
final class ActionRunner {

    private static final Set<String> CRM = Set.of(Action.MOVE_STAGE, Action.ASSIGN_TO, Action.ADD_TAG, Action.REMOVE_TAG);

    private final SequenceActivities crm;
    private final TemplateRenderer renderer = TemplateRenderer.standard();

    ActionRunner(SequenceActivities crm) {
        this.crm = crm;
    }

    Map<String, Object> run(SequenceRuntime runtime, Action action) {
        Map<String, Object> context = runtime.context();
        Map<String, Object> params = action.params() == null ? Map.of() : renderer.renderMap(action.params(), context);
        if (CRM.contains(action.type())) {
            return crm.crmAction(new CrmAction(runtime.clientCode(), runtime.leadId(), action.type(), params,
                    runtime.depth() + 1, runtime.workflowId())).result();
        }
        throw ApplicationFailure.newNonRetryableFailure("unknown action " + action.type(),
                ErrorCode.VALIDATION_FAILED.name());
    }
}
