package io.leadflow.contracts.rule;

import java.util.List;

/**
 * When actions that reach the lead may run, in the lead's own time zone (else {@code timezone}, else the
 * tenant's): on {@code days} ({@code MON}..{@code SUN}) between {@code start} and {@code end} ("09:00",
 * "18:00"). A step due outside the window waits for the next opening.
 */
public record SendWindow(List<String> days, String start, String end, String timezone) {
}
