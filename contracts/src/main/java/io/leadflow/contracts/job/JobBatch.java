package io.leadflow.contracts.job;

/**
 * What one batch of a job did.
 *
 * @param processed leads looked at
 * @param acted leads it acted on: {@code no_contact} events fired, scores changed
 */
public record JobBatch(String nextCursor, boolean done, int processed, int acted) {
}
