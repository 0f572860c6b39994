package io.leadflow.contracts.job;

/** How a job run ended: leads looked at and acted on, over all its continued runs. */
public record JobResult(String job, long processed, long acted) {
}
