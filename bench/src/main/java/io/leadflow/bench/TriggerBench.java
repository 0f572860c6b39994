package io.leadflow.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;

/**
 * The trigger benchmark, against a running Leadflow (its API and its Temporal server), in one run:
 * <ol>
 *   <li><b>floor</b>: {@code rate × seconds} minimal raw-Temporal workflows (a timer of {@code delay}, then one
 *       activity posting to a loopback receiver), started at {@code rate} per second; lateness = arrival − due;</li>
 *   <li><b>leadflow</b>: a rule "wait {@code delay}, then a webhook to the receiver", and {@code rate × seconds}
 *       triggers fired at {@code rate} per second, each creating a new lead; accept latency = the HTTP round trip of
 *       each trigger; lateness = the webhook's arrival − the due time the sequence reports for its step.</li>
 * </ol>
 * It prints both distributions, their ratio, and lost and duplicate deliveries ({@code webhook-id}s).
 *
 * <pre>java -jar bench/target/leadflow-bench-exec.jar trigger --api=URL --client-code=demo --api-key=lf_sk_...
 *     --temporal=127.0.0.1:7233 [--rate=50] [--seconds=20] [--delay-seconds=10] [--phases=floor,leadflow]</pre>
 */
public final class TriggerBench {

    private final Map<String, String> args;
    private final BenchApi api;

    private TriggerBench(Map<String, String> args) {
        this.args = args;
        this.api = new BenchApi(arg("api", null), arg("client-code", "demo"), arg("api-key", null));
    }

    public static void main(String[] argv) throws Exception {
        new TriggerBench(BenchArgs.parse(argv)).run();
        System.exit(0);
    }

    private String arg(String name, String fallback) {
        return BenchArgs.get(args, name, fallback);
    }

    private void run() throws Exception {
        int rate = Integer.parseInt(arg("rate", "50"));
        int seconds = Integer.parseInt(arg("seconds", "20"));
        Duration delay = Duration.ofSeconds(Long.parseLong(arg("delay-seconds", "10")));
        List<String> phases = List.of(arg("phases", "floor,leadflow").split(","));
        int warmup = Integer.parseInt(arg("warmup-seconds", "10"));
        int total = rate * seconds;
        System.out.printf("Leadflow trigger bench: %d/s for %d s (%d jobs), each due %d s after it starts;"
                + " each phase warmed up first (%d s at %d/s, not counted)%n", rate, seconds, total, delay.toSeconds(),
                warmup, Math.max(1, rate / 5));
        try (Receiver receiver = new Receiver()) {
            Stats floor = null;
            if (phases.contains("floor")) {
                if (warmup > 0) {
                    floor(receiver, "/floor-warmup", Math.max(1, rate / 5), warmup, Duration.ofSeconds(1));
                }
                floor = floor(receiver, "/floor", rate, seconds, delay);
                floor.print(null);
            }
            if (phases.contains("leadflow")) {
                if (warmup > 0) {
                    leadflow(receiver, "/leadflow-warmup", Math.max(1, rate / 5), warmup, Duration.ofSeconds(1));
                }
                leadflow(receiver, "/leadflow", rate, seconds, delay).print(floor);
            }
        }
    }

    /** Raw Temporal: a worker of our own on a task queue of its own, on the same server. */
    private Stats floor(Receiver receiver, String path, int rate, int seconds, Duration delay) throws Exception {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(arg("temporal", "127.0.0.1:7233")).build());
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace(arg("namespace", "default")).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        String queue = "bench-floor-" + System.currentTimeMillis();
        Worker worker = factory.newWorker(queue);
        worker.registerWorkflowImplementationTypes(FloorWorkflow.Impl.class);
        worker.registerActivitiesImplementations(new FloorWorkflow.DeliverImpl());
        factory.start();
        String url = receiver.url(path);
        String run = Long.toString(System.currentTimeMillis(), 36);
        ConcurrentLinkedQueue<Long> startMillis = new ConcurrentLinkedQueue<>();
        paced(rate, seconds, i -> {
            long started = System.nanoTime();
            FloorWorkflow workflow = client.newWorkflowStub(FloorWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(queue).setWorkflowId("bench-floor-" + run + "-" + i).build());
            WorkflowClient.start(workflow::runUntil, url, Instant.now().plus(delay).toString());
            startMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        });
        awaitArrivals(receiver, path, rate * seconds, delay);
        factory.shutdownNow();
        service.shutdownNow();
        Stats stats = Stats.of("floor (raw Temporal)", receiver.arrivals(path), rate * seconds);
        System.out.printf("%n%s: workflow start  %s%n", path, percentiles(new ArrayList<>(startMillis)));
        return stats;
    }

    /** Leadflow end to end: a rule, then triggers at the public endpoint. */
    private Stats leadflow(Receiver receiver, String path, int rate, int seconds, Duration delay) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        String trigger = "bench_" + run;
        Map<String, Object> rule = Map.of("name", "bench " + run, "trigger", trigger, "steps", List.of(Map.of(
                "delay", Map.of("value", delay.toSeconds(), "unit", "seconds"),
                "action", Map.of("type", "webhook", "params", Map.of("url", receiver.url(path))))));
        JsonNode created = api.call("POST", "/api/crm/automations", rule).join();
        if (!created.path("success").asBoolean()) {
            throw new IllegalStateException("could not create the bench rule: " + created);
        }
        ConcurrentLinkedQueue<Long> acceptMillis = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger answered202 = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Void>> inflight = Collections.synchronizedList(new ArrayList<>());
        long base = 9_000_000_000L + (System.currentTimeMillis() % 900_000_000L);
        paced(rate, seconds, i -> {
            long started = System.nanoTime();
            Map<String, Object> body = Map.of("trigger", trigger, "phone", "+91" + (base + i),
                    "createLeadIfMissing", true, "idempotencyKey", run + "-" + i,
                    "variables", Map.of("firedAt", Instant.now().toString()));
            inflight.add(api.call("POST", "/api/saas/workflows/trigger", body).thenAccept(answer -> {
                acceptMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                if (!answer.path("success").asBoolean()) {
                    refused.add(answer.toString());
                } else if ("processing".equals(answer.path("data").path("status").asString(""))) {
                    answered202.incrementAndGet();
                }
            }));
        });
        CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).join();
        System.out.printf("%n%s: trigger accept %s  (%d answered 202 while the engine took them, %d refused%s)%n", path,
                percentiles(new ArrayList<>(acceptMillis)), answered202.get(), refused.size(),
                refused.isEmpty() ? "" : ", first: " + refused.peek());
        awaitArrivals(receiver, path, rate * seconds, delay);
        List<Receiver.Arrival> arrivals = receiver.arrivals(path);
        List<Long> endToEnd = new ArrayList<>();
        arrivals.stream().filter(arrival -> arrival.firedAt() != null).forEach(arrival ->
                endToEnd.add(Duration.between(arrival.firedAt().plus(delay), arrival.at()).toMillis()));
        System.out.printf("%s: end to end (arrival - (trigger fired + delay)) %s%n", path, percentiles(endToEnd));
        return Stats.of("leadflow", arrivals, rate * seconds);
    }

    /** Runs {@code task(i)} for i in [0, rate × seconds) at {@code rate} per second, evenly spaced. */
    private static void paced(int rate, int seconds, IntConsumer task) throws InterruptedException {
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(8);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            int index = i;
            pacer.schedule(() -> {
                try {
                    task.accept(index);
                } catch (RuntimeException e) {
                    System.err.println("job " + index + " failed to start: " + e);
                }
            }, periodNanos * i, TimeUnit.NANOSECONDS);
        }
        pacer.shutdown();
        pacer.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
    }

    private static void awaitArrivals(Receiver receiver, String path, int expected, Duration delay)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(delay).plusSeconds(180);
        while (Instant.now().isBefore(deadline) && uniqueIds(receiver.arrivals(path)) < expected) {
            Thread.sleep(250);
        }
        Thread.sleep(2_000); // late duplicates, if any, show up in the counts
    }

    static long uniqueIds(List<Receiver.Arrival> arrivals) {
        Set<String> ids = new HashSet<>();
        arrivals.forEach(arrival -> ids.add(arrival.id()));
        return ids.size();
    }

    static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        Collections.sort(values);
        return String.format("p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (n=%d)", at(values, 0.50), at(values, 0.95),
                at(values, 0.99), values.get(values.size() - 1), values.size());
    }

    static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    /** A phase's lateness distribution and delivery counts. */
    record Stats(String name, List<Long> lateness, int expected, long unique, int received) {

        static Stats of(String name, List<Receiver.Arrival> arrivals, int expected) {
            List<Long> lateness = new ArrayList<>();
            for (Receiver.Arrival arrival : arrivals) {
                if (arrival.dueAt() != null) {
                    lateness.add(Duration.between(arrival.dueAt(), arrival.at()).toMillis());
                }
            }
            Collections.sort(lateness);
            return new Stats(name, lateness, expected, uniqueIds(arrivals), arrivals.size());
        }

        long p(double quantile) {
            return lateness.isEmpty() ? -1 : at(lateness, quantile);
        }

        void print(Stats floor) {
            System.out.printf("%s: step lateness %s%n", name, percentiles(new ArrayList<>(lateness)));
            System.out.printf("%s: delivered %d of %d, lost %d, duplicates %d%n", name, unique, expected,
                    expected - unique, received - unique);
            if (floor != null && floor.p(0.99) > 0) {
                System.out.printf("%s vs floor: p50 %.2fx, p99 %.2fx (target: p99 within 2x)%n", name,
                        (double) p(0.50) / Math.max(1, floor.p(0.50)), (double) p(0.99) / floor.p(0.99));
            }
        }
    }
}
