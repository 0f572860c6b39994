package io.leadflow.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delayed-job lateness the way the peers are measured (bench/peers.sh): {@code jobs} jobs due evenly over
 * {@code window} seconds, all created before the window opens. Phases:
 * <ul>
 *   <li><b>floor</b>: raw Temporal, one workflow per job that sleeps until its due time, then one activity posting to
 *       the receiver;</li>
 *   <li><b>leadflow</b>: a rule "wait until {{event.dueAt}}, then a webhook", one trigger per job (a new lead each);
 *       when {@code --stack-env} is given, the worker's heap after a full GC and its RSS are read while every
 *       sequence is parked on its timer, against the idle worker before the run, with one sequence's history size;</li>
 *   <li><b>recovery</b>: like leadflow with every job due within one second; the worker is killed before they come
 *       due and restarted after (the launcher is paused meanwhile, so it is a real crash); measured from the restart
 *       and from the new worker's first poll until every due step has run.</li>
 * </ul>
 * Each phase prints one JSON line ({@code name, n, p50, p95, p99, max, lost, duplicates, ...}) for the script.
 */
public final class DueBench {

    private final Map<String, String> args;
    private final BenchApi api;
    private final JsonMapper json = JsonMapper.shared();

    private DueBench(Map<String, String> args) {
        this.args = args;
        this.api = new BenchApi(arg("api", null), arg("client-code", "demo"), arg("api-key", null));
    }

    public static void main(String[] argv) throws Exception {
        new DueBench(BenchArgs.parse(argv)).run();
        System.exit(0);
    }

    private String arg(String name, String fallback) {
        return BenchArgs.get(args, name, fallback);
    }

    private void run() throws Exception {
        int jobs = Integer.parseInt(arg("jobs", "1000"));
        Duration window = Duration.ofSeconds(Long.parseLong(arg("window-seconds", "20")));
        try (Receiver receiver = new Receiver()) {
            for (String phase : arg("phases", "floor,leadflow").split(",")) {
                switch (phase) {
                    case "floor" -> floor(receiver, jobs, window);
                    case "leadflow" -> leadflow(receiver, "leadflow", jobs, window, false);
                    case "recovery" -> leadflow(receiver, "recovery", jobs, Duration.ofSeconds(1), true);
                    default -> throw new IllegalArgumentException("unknown phase " + phase);
                }
            }
        }
    }

    /** Due times: evenly over the window, the first {@code lead} from now. */
    private static List<Instant> schedule(int jobs, Duration window, Duration lead) {
        Instant start = Instant.now().plus(lead);
        List<Instant> due = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            due.add(start.plusMillis(window.toMillis() * i / jobs));
        }
        return due;
    }

    private void floor(Receiver receiver, int jobs, Duration window) throws Exception {
        WorkflowServiceStubs service = service();
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace(arg("namespace", "default")).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        String queue = "bench-due-floor-" + System.currentTimeMillis();
        Worker worker = factory.newWorker(queue);
        worker.registerWorkflowImplementationTypes(FloorWorkflow.Impl.class);
        worker.registerActivitiesImplementations(new FloorWorkflow.DeliverImpl());
        factory.start();
        String path = "/due-floor";
        String url = receiver.url(path);
        String run = Long.toString(System.currentTimeMillis(), 36);
        // The floor starts ~200 workflows/s on this machine; its lead leaves room for that and a margin.
        List<Instant> due = schedule(jobs, window, Duration.ofSeconds(10 + jobs / 150));
        long created = System.nanoTime();
        AtomicInteger late = new AtomicInteger();
        Semaphore inflight = new Semaphore(64);
        List<CompletableFuture<?>> starts = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Instant at = due.get(i);
            FloorWorkflow workflow = client.newWorkflowStub(FloorWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(queue).setWorkflowId("bench-due-floor-" + run + "-" + i).build());
            inflight.acquire();
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    WorkflowClient.start(workflow::runUntil, url, at.toString());
                    if (Instant.now().isAfter(at)) {
                        late.incrementAndGet();
                    }
                } finally {
                    inflight.release();
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        long createMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        StackProcesses stack = arg("stack-env", "").isEmpty() ? null : new StackProcesses(Path.of(arg("stack-env", null)));
        Map<String, Long> cpuBefore = null;
        if (stack != null) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), due.get(0)).toMillis()));
            cpuBefore = stack.cpuMillis();
        }
        awaitArrivals(receiver, path, jobs, due.get(jobs - 1));
        Map<String, Long> cpu = stack == null ? null : StackProcesses.used(cpuBefore, stack.cpuMillis());
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < jobs; i += Math.max(1, jobs / 100)) {
            sample.add("bench-due-floor-" + run + "-" + i);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("createMs", createMs);
        extra.put("createdAfterDue", late.get());
        if (cpu != null) {
            extra.put("cpuMsDuringWindow", cpu);
        }
        extra.put("breakdown", HistoryBreakdown.of(client, sample));
        factory.shutdownNow();
        service.shutdownNow();
        print("temporal-floor", receiver.arrivals(path), jobs, extra);
    }

    private void leadflow(Receiver receiver, String name, int jobs, Duration window, boolean recovery) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        String path = "/due-" + name;
        String trigger = "bench_due_" + run;
        JsonNode rule = api.call("POST", "/api/crm/automations", Map.of("name", "bench due " + run, "trigger", trigger,
                "steps", List.of(Map.of("waitUntil", Map.of("at", "{{event.dueAt}}"),
                        "action", Map.of("type", "webhook", "params", Map.of("url", receiver.url(path))))))).join();
        if (!rule.path("success").asBoolean()) {
            throw new IllegalStateException("could not create the bench rule: " + rule);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        StackProcesses stack = arg("stack-env", "").isEmpty() ? null : new StackProcesses(Path.of(arg("stack-env", null)));
        if (stack != null && !recovery) {
            extra.put("idleWorker", stack.workerMemory());
        }
        // The lead covers creating every job first at the rate Leadflow sustains here (~15 triggers/s on 2 cores).
        long leadSeconds = Long.parseLong(arg("lead-seconds", Long.toString(20 + jobs / 15)));
        List<Instant> due = schedule(jobs, window, Duration.ofSeconds(leadSeconds));
        long base = 9_000_000_000L + (System.currentTimeMillis() % 900_000_000L);
        AtomicInteger late = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Semaphore inflight = new Semaphore(16);
        List<CompletableFuture<?>> calls = Collections.synchronizedList(new ArrayList<>());
        long created = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            Instant at = due.get(i);
            inflight.acquire();
            calls.add(api.call("POST", "/api/saas/workflows/trigger", Map.of("trigger", trigger,
                    "phone", "+91" + (base + i), "createLeadIfMissing", true, "idempotencyKey", run + "-" + i,
                    "variables", Map.of("dueAt", at.toString()))).whenComplete((answer, error) -> {
                        inflight.release();
                        if (error != null || !answer.path("success").asBoolean()) {
                            refused.incrementAndGet();
                        } else if (Instant.now().isAfter(at)) {
                            late.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        extra.put("createMs", Duration.ofNanos(System.nanoTime() - created).toMillis());
        extra.put("createdAfterDue", late.get());
        extra.put("refused", refused.get());

        if (recovery) {
            extra.putAll(crashAndRecover(stack, receiver, path, jobs, due.get(0), due.get(jobs - 1)));
        } else if (stack != null) {
            // Every sequence is now parked on its timer (the window has not opened yet).
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), due.get(0)).toMillis() - 8_000));
            extra.put("parkedWorker", stack.workerMemory());
            extra.put("parkedSequences", jobs);
            extra.put("history", historyOfOne(trigger));
        }
        Map<String, Long> cpuBefore = null;
        if (stack != null && !recovery) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), due.get(0)).toMillis()));
            cpuBefore = stack.cpuMillis();
        }
        awaitArrivals(receiver, path, jobs, due.get(jobs - 1));
        if (cpuBefore != null) {
            extra.put("cpuMsDuringWindow", StackProcesses.used(cpuBefore, stack.cpuMillis()));
        }
        if (stack != null && !recovery) {
            extra.put("historyWhenDone", historyOfOne(trigger));
        }
        extra.put("breakdown", breakdown(rule.path("data").path("id").asString("")));
        print(name, receiver.arrivals(path), jobs, extra);
    }

    /**
     * Kills the worker before the jobs come due while its launcher is paused (so nothing restarts it), lets every
     * job come due, then lets the launcher restart it, and times the way back.
     */
    private Map<String, Object> crashAndRecover(StackProcesses stack, Receiver receiver, String path, int jobs,
            Instant firstDue, Instant lastDue) throws Exception {
        if (stack == null) {
            throw new IllegalArgumentException("the recovery phase needs --stack-env");
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstDue).toMillis() - 3_000));
        long oldPid = stack.pid("WORKER_PID");
        stack.signal(stack.pid("LAUNCHER_PID"), "STOP");
        stack.signal(oldPid, "KILL");
        // Everything comes due while no worker runs; wait well past the server's task timeouts too.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastDue).toMillis()) + 15_000);
        Instant restart = Instant.now();
        stack.signal(stack.pid("LAUNCHER_PID"), "CONT");
        long newPid = stack.awaitNewPid("WORKER_PID", oldPid, Duration.ofSeconds(60));
        Instant ready = awaitPoller("leadflow", newPid + "@", Duration.ofSeconds(120));
        awaitArrivals(receiver, path, jobs, Instant.now());
        List<Receiver.Arrival> arrivals = receiver.arrivals(path);
        Instant last = arrivals.stream().map(Receiver.Arrival::at).max(Instant::compareTo).orElse(Instant.now());
        Instant first = arrivals.stream().map(Receiver.Arrival::at).min(Instant::compareTo).orElse(Instant.now());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dueWhileDown", jobs);
        out.put("restartToReadyMs", Duration.between(restart, ready).toMillis());
        out.put("readyToFirstStepMs", Duration.between(ready, first).toMillis());
        out.put("readyToAllStepsMs", Duration.between(ready, last).toMillis());
        out.put("restartToAllStepsMs", Duration.between(restart, last).toMillis());
        return out;
    }

    /** When a poller whose identity starts with {@code identityPrefix} first shows on the task queue. */
    private Instant awaitPoller(String taskQueue, String identityPrefix, Duration timeout) throws InterruptedException {
        WorkflowServiceStubs service = service();
        try {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                boolean polling = service.blockingStub().describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                                .setNamespace(arg("namespace", "default"))
                                .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
                                .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).build())
                        .getPollersList().stream().anyMatch(poller -> poller.getIdentity().startsWith(identityPrefix));
                if (polling) {
                    return Instant.now();
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no poller " + identityPrefix + "* on " + taskQueue + " within " + timeout);
        } finally {
            service.shutdownNow();
        }
    }

    /** Where the lateness of up to 100 of the rule's sequences went. */
    private Map<String, Object> breakdown(String ruleId) {
        JsonNode sequences = api.call("GET", "/api/crm/sequences?ruleId=" + ruleId + "&limit=100", null).join();
        List<String> ids = new ArrayList<>();
        sequences.path("data").forEach(sequence -> ids.add(sequence.path("workflowId").asString()));
        WorkflowServiceStubs service = service();
        try {
            return HistoryBreakdown.of(WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                    .setNamespace(arg("namespace", "default")).build()), ids);
        } finally {
            service.shutdownNow();
        }
    }

    /** History length and size of one of the phase's sequences, from Temporal. */
    private Map<String, Object> historyOfOne(String trigger) {
        JsonNode events = api.call("GET", "/api/saas/events?trigger=" + trigger + "&limit=1", null).join();
        String eventId = events.path("data").path(0).path("id").asString("");
        JsonNode event = api.call("GET", "/api/saas/events/" + eventId, null).join();
        String workflowId = event.path("data").path("enrolledWorkflowIds").path(0).asString("");
        WorkflowServiceStubs service = service();
        try {
            DescribeWorkflowExecutionResponse described = service.blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(arg("namespace", "default"))
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build()).build());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("workflowId", workflowId);
            out.put("events", described.getWorkflowExecutionInfo().getHistoryLength());
            out.put("bytes", described.getWorkflowExecutionInfo().getHistorySizeBytes());
            return out;
        } finally {
            service.shutdownNow();
        }
    }

    private WorkflowServiceStubs service() {
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(arg("temporal", "127.0.0.1:7233")).build());
    }

    private static void awaitArrivals(Receiver receiver, String path, int expected, Instant lastDue)
            throws InterruptedException {
        Instant deadline = lastDue.plusSeconds(300);
        while (Instant.now().isBefore(deadline) && TriggerBench.uniqueIds(receiver.arrivals(path)) < expected) {
            Thread.sleep(100);
        }
        Thread.sleep(2_000); // late duplicates, if any, show up in the counts
    }

    private void print(String name, List<Receiver.Arrival> arrivals, int expected, Map<String, Object> extra) {
        TriggerBench.Stats stats = TriggerBench.Stats.of(name, arrivals, expected);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("n", expected);
        line.put("p50", stats.p(0.50));
        line.put("p95", stats.p(0.95));
        line.put("p99", stats.p(0.99));
        line.put("max", stats.lateness().isEmpty() ? -1 : stats.lateness().get(stats.lateness().size() - 1));
        line.put("lost", expected - stats.unique());
        line.put("duplicates", stats.received() - stats.unique());
        line.putAll(extra);
        System.out.println(json.writeValueAsString(line));
    }
}
