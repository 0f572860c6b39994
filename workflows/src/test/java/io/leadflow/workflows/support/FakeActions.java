package io.leadflow.workflows.support;

import io.leadflow.contracts.action.ActionActivities;
import io.leadflow.contracts.action.ActionOutcome;
import io.leadflow.contracts.action.ActionRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A recording stand-in for the action activities: every call is kept with the (skipped) test time it happened at,
 * and a test may script an answer per action type (a failure, a skip) before the sequence runs.
 */
public final class FakeActions implements ActionActivities {

    /** One action as the activity received it, and when. */
    public record Call(String method, ActionRequest request, long at) {
        public String type() {
            return request.type();
        }
    }

    private final TestWorkflowEnvironment env;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<ActionRequest, ActionOutcome> answer = request -> ActionOutcome.done(Map.of());

    public FakeActions(TestWorkflowEnvironment env) {
        this.env = env;
    }

    /** Scripts every answer from now on; a thrown exception is the activity failing. */
    public void answer(Function<ActionRequest, ActionOutcome> answer) {
        this.answer = answer;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> types() {
        return calls.stream().map(Call::type).toList();
    }

    private ActionOutcome record(String method, ActionRequest request) {
        calls.add(new Call(method, request, env.currentTimeMillis()));
        return answer.apply(request);
    }

    @Override
    public ActionOutcome sendWhatsApp(ActionRequest request) {
        return record("sendWhatsApp", request);
    }

    @Override
    public ActionOutcome sendEmail(ActionRequest request) {
        return record("sendEmail", request);
    }

    @Override
    public ActionOutcome createMeet(ActionRequest request) {
        return record("createMeet", request);
    }

    @Override
    public ActionOutcome callWebhook(ActionRequest request) {
        return record("callWebhook", request);
    }

    @Override
    public ActionOutcome updateLead(ActionRequest request) {
        return record("updateLead", request);
    }
}
