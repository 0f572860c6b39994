package io.leadflow.shared.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.job.JobInput;
import io.leadflow.contracts.job.NoContactJobWorkflow;
import io.leadflow.contracts.job.ScoreJobWorkflow;
import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.contracts.temporal.WorkflowIds;
import io.leadflow.contracts.temporal.WorkflowTypes;
import io.leadflow.shared.config.MessagingProperties;
import io.leadflow.shared.error.LeadflowException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's scheduled jobs as Temporal Schedules (not in-process cron): {@code no-contact:<clientCode>} starts
 * the {@code no_contact} scan every {@code no-contact-interval}, {@code score:<clientCode>} the score recalculation
 * daily at {@code score-time} in the tenant's zone. Operators see them in the Web UI's Schedules page (filtered by
 * {@code ClientCode}) and pause or resume them there or through the admin API; an overlapping run is skipped, and a
 * run missed during an outage is caught up within an hour.
 */
public class TenantSchedules {

    private static final Logger log = LoggerFactory.getLogger(TenantSchedules.class);

    /** The jobs every tenant gets, by their name in schedule and workflow IDs. */
    public static final List<String> JOBS = List.of(NoContactJobWorkflow.JOB, ScoreJobWorkflow.JOB);

    private final ScheduleClient schedules;
    private final MessagingProperties.Schedules settings;
    private final String taskQueue;
    private final boolean searchAttributes;

    public TenantSchedules(ScheduleClient schedules, MessagingProperties.Schedules settings, String taskQueue,
                           boolean searchAttributes) {
        this.schedules = schedules;
        this.settings = settings;
        this.taskQueue = taskQueue;
        this.searchAttributes = searchAttributes;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Creates the tenant's schedules that do not exist yet (creating is idempotent: an existing one is left as it is,
     * paused or not). Best effort: a server without Schedules (the Java test server) or out of reach is logged and
     * answered with what is missing; the worker creates them at its next start.
     */
    public List<String> ensure(String clientCode, String timezone) {
        List<String> missing = new ArrayList<>();
        for (String job : JOBS) {
            try {
                schedules.createSchedule(WorkflowIds.schedule(clientCode, job), schedule(clientCode, job, timezone),
                        options(clientCode));
                log.info("created schedule {}", WorkflowIds.schedule(clientCode, job));
            } catch (ScheduleAlreadyRunningException exists) {
                log.debug("schedule {} exists", WorkflowIds.schedule(clientCode, job));
            } catch (RuntimeException unavailable) {
                log.warn("could not create schedule {}: {}", WorkflowIds.schedule(clientCode, job), describe(unavailable));
                missing.add(job);
            }
        }
        return missing;
    }

    /** The tenant's schedules as they are in Temporal. */
    public List<ScheduleView> list(String clientCode) {
        List<ScheduleView> views = new ArrayList<>();
        for (String job : JOBS) {
            views.add(view(clientCode, job));
        }
        return views;
    }

    public ScheduleView pause(String clientCode, String job, String note) {
        call(clientCode, job, () -> schedules.getHandle(WorkflowIds.schedule(clientCode, job))
                .pause(note == null || note.isBlank() ? "paused through the admin API" : note));
        return view(clientCode, job);
    }

    public ScheduleView resume(String clientCode, String job, String note) {
        call(clientCode, job, () -> schedules.getHandle(WorkflowIds.schedule(clientCode, job))
                .unpause(note == null || note.isBlank() ? "resumed through the admin API" : note));
        return view(clientCode, job);
    }

    /** Runs the job now (an overlapping run is skipped, as for scheduled ones). */
    public ScheduleView trigger(String clientCode, String job) {
        call(clientCode, job, () -> schedules.getHandle(WorkflowIds.schedule(clientCode, job))
                .trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP));
        return view(clientCode, job);
    }

    private ScheduleView view(String clientCode, String job) {
        requireJob(job);
        String id = WorkflowIds.schedule(clientCode, job);
        ScheduleDescription description;
        try {
            description = schedules.getHandle(id).describe();
        } catch (RuntimeException e) {
            if (notFound(e) || unsupported(e)) {
                return new ScheduleView(job, id, "missing", null, specText(job), List.of(), List.of());
            }
            throw unavailable(e);
        }
        ScheduleState state = description.getSchedule().getState();
        List<String> next = description.getInfo().getNextActionTimes().stream().limit(3).map(Object::toString).toList();
        List<String> recent = description.getInfo().getRecentActions().stream()
                .map(action -> action.getAction() instanceof ScheduleActionExecutionStartWorkflow started
                        ? started.getWorkflowId() : String.valueOf(action.getScheduledAt()))
                .toList();
        return new ScheduleView(job, id, state.isPaused() ? "paused" : "active", state.getNote(), specText(job), next,
                recent);
    }

    private Schedule schedule(String clientCode, String job, String timezone) {
        ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setJitter(settings.jitter());
        if (NoContactJobWorkflow.JOB.equals(job)) {
            spec.setIntervals(List.of(new ScheduleIntervalSpec(settings.noContactInterval())));
        } else {
            spec.setCronExpressions(List.of(settings.scoreTime().getMinute() + " " + settings.scoreTime().getHour() + " * * *"))
                    .setTimeZoneName(timezone == null || timezone.isBlank() ? "UTC" : timezone);
        }
        // No static summary on the action: SDK 1.38 can't read the schedule back with one (describe fails decoding it);
        // the schedule's ID and the ClientCode attribute say what it is.
        WorkflowOptions.Builder workflow = WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.job(clientCode, job))
                .setTaskQueue(taskQueue);
        if (searchAttributes) {
            workflow.setTypedSearchAttributes(LeadflowSearchAttributes.of(clientCode, null, null, null));
        }
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(NoContactJobWorkflow.JOB.equals(job) ? WorkflowTypes.NO_CONTACT_JOB
                                : WorkflowTypes.SCORE_JOB)
                        .setArguments(JobInput.fresh(clientCode))
                        .setOptions(workflow.build())
                        .build())
                .setSpec(spec.build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(Duration.ofHours(1))
                        .build())
                .setState(ScheduleState.newBuilder().setNote("created with the tenant").build())
                .build();
    }

    private ScheduleOptions options(String clientCode) {
        ScheduleOptions.Builder options = ScheduleOptions.newBuilder();
        if (searchAttributes) {
            options.setTypedSearchAttributes(LeadflowSearchAttributes.of(clientCode, null, null, null));
        }
        return options.build();
    }

    private String specText(String job) {
        return NoContactJobWorkflow.JOB.equals(job)
                ? "every " + settings.noContactInterval().toString().substring(2).toLowerCase(Locale.ROOT)
                : "daily at " + settings.scoreTime() + " in the tenant's time zone";
    }

    private void call(String clientCode, String job, Runnable operation) {
        requireJob(job);
        try {
            operation.run();
        } catch (RuntimeException e) {
            if (notFound(e)) {
                throw LeadflowException.notFound(ErrorCode.SCHEDULE_NOT_FOUND, "schedule",
                        WorkflowIds.schedule(clientCode, job));
            }
            if (unsupported(e)) {
                throw new LeadflowException(ErrorCode.NOT_SUPPORTED, "this Temporal server has no Schedules");
            }
            throw unavailable(e);
        }
    }

    private static void requireJob(String job) {
        if (!JOBS.contains(job)) {
            throw LeadflowException.notFound(ErrorCode.SCHEDULE_NOT_FOUND, "schedule", job);
        }
    }

    private static LeadflowException unavailable(RuntimeException e) {
        return new LeadflowException(ErrorCode.TEMPORAL_UNAVAILABLE, "the workflow engine is unreachable", e);
    }

    private static boolean notFound(Throwable e) {
        return status(e) == Status.Code.NOT_FOUND;
    }

    private static boolean unsupported(Throwable e) {
        return status(e) == Status.Code.UNIMPLEMENTED;
    }

    private static Status.Code status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException grpc) {
                return grpc.getStatus().getCode();
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        Status.Code code = status(e);
        return code != null ? code.name() : e.getClass().getSimpleName();
    }
}
