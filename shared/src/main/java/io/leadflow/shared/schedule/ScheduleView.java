package io.leadflow.shared.schedule;

import java.util.List;

/**
 * One of a tenant's Temporal Schedules as the admin API shows it.
 *
 * @param job {@code no-contact} or {@code score}
 * @param scheduleId the schedule's ID in Temporal ({@code no-contact:<clientCode>}), as the Web UI lists it
 * @param state {@code active}, {@code paused}, or {@code missing} (not created: Temporal was unreachable, or the
 *     server has no Schedules)
 * @param note why it was paused or resumed, as written then
 * @param spec when it runs, in words
 * @param nextRuns its next few run times (ISO)
 * @param recentRuns the workflow IDs of its latest runs, newest last
 */
public record ScheduleView(String job, String scheduleId, String state, String note, String spec, List<String> nextRuns,
                           List<String> recentRuns) {
}
