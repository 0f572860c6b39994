package io.leadflow.contracts.job;

/**
 * A tenant's scheduled job; a run that continues as new carries where it stopped.
 *
 * @param asOf the instant the job judges leads at (ISO), fixed when the job starts (workflow time, so a
 *     time-skipping test moves it); null for a fresh start from the schedule
 * @param cursor the last lead handled, null at the start
 * @param processed leads looked at by earlier runs of this job
 * @param acted leads acted on by earlier runs of this job
 */
public record JobInput(String clientCode, String asOf, String cursor, long processed, long acted) {

    /** What a schedule starts: the tenant, nothing done yet. */
    public static JobInput fresh(String clientCode) {
        return new JobInput(clientCode, null, null, 0, 0);
    }
}
