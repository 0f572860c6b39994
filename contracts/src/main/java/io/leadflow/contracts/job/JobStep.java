package io.leadflow.contracts.job;

/** One batch of a job: continue after {@code cursor} with at most {@code limit} leads, judged at {@code asOf}. */
public record JobStep(String clientCode, String asOf, String cursor, int limit) {
}
