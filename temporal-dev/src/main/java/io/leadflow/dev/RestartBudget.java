package io.leadflow.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often the launcher restarts a crashed child: at most {@code max} times per child within {@code window}. A
 * child that keeps crashing is broken, not unlucky, and restarting it forever would hide that.
 */
final class RestartBudget {

    private final int max;
    private final Duration window;
    private final Map<String, Deque<Instant>> crashes = new HashMap<>();

    RestartBudget(int max, Duration window) {
        this.max = max;
        this.window = window;
    }

    /** Records a crash of {@code child} at {@code now}; true if it may be restarted. */
    synchronized boolean allow(String child, Instant now) {
        Deque<Instant> recent = crashes.computeIfAbsent(child, name -> new ArrayDeque<>());
        recent.removeIf(at -> at.isBefore(now.minus(window)));
        if (recent.size() >= max) {
            return false;
        }
        recent.add(now);
        return true;
    }

    int max() {
        return max;
    }

    Duration window() {
        return window;
    }
}
