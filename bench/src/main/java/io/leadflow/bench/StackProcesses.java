package io.leadflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack's processes as its {@code stack.env} names them: signals (the benchmarks crash and pause them
 * on purpose) and the worker's memory as an operator would read it (jcmd, /proc).
 */
final class StackProcesses {

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final Path stackEnv;
    private final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

    StackProcesses(Path stackEnv) {
        this.stackEnv = stackEnv;
    }

    long pid(String variable) {
        String value = read().get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not in " + stackEnv);
        }
        return Long.parseLong(value);
    }

    long awaitNewPid(String variable, long old, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String value = read().get(variable);
            if (value != null && !value.isBlank() && Long.parseLong(value) != old) {
                return Long.parseLong(value);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(variable + " did not change within " + timeout);
    }

    void signal(long pid, String signal) throws IOException, InterruptedException {
        run(List.of("kill", "-" + signal, Long.toString(pid)));
    }

    /** Heap after a full GC and resident set size of the worker, in MB. */
    Map<String, Object> workerMemory() throws IOException, InterruptedException {
        long pid = pid("WORKER_PID");
        run(List.of(jcmd, Long.toString(pid), "GC.run"));
        String heap = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
        Matcher used = HEAP_USED.matcher(heap);
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heapAfterGcMb", used.find() ? Long.parseLong(used.group(2)) / 1024 : -1);
        out.put("heapCommittedMb", used.find(0) ? Long.parseLong(used.group(1)) / 1024 : -1);
        out.put("rssMb", rss.find() ? Long.parseLong(rss.group(1)) / 1024 : -1);
        return out;
    }

    /**
     * CPU time (user + system, ms) each of the stack's processes and this one have used so far, from
     * {@code /proc/<pid>/stat}; the difference of two readings is what a phase cost each process.
     */
    Map<String, Long> cpuMillis() throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : List.of("TEMPORAL", "STORE", "WORKER", "API")) {
            String value = read().get(name + "_PID");
            if (value != null && !value.isBlank()) {
                out.put(name.toLowerCase(java.util.Locale.ROOT), cpuOf(Path.of("/proc", value, "stat")));
            }
        }
        out.put("bench (load, receiver, floor worker)", cpuOf(Path.of("/proc/self/stat")));
        return out;
    }

    /** The CPU each process used between two readings, in ms, with the total. */
    static Map<String, Long> used(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue());
            out.put(entry.getKey(), delta);
            total += delta;
        }
        out.put("total", total);
        return out;
    }

    private static long cpuOf(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime field 14, stime field 15 (1-based, man proc)
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;  // USER_HZ is 100 on Linux
    }

    private Map<String, String> read() {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(stackEnv)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^'|'$", ""));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
