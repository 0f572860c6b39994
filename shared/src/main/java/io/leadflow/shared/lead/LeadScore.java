package io.leadflow.shared.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The daily lead score, 0 to 100, from three parts (docs/INBOUND.md, "Lead score"):
 *
 * <ul>
 *   <li><b>activity</b>, 0–40: 8 points per message the lead sent in the last 30 days, at most 40;</li>
 *   <li><b>stage</b>, 0–30: how far along its pipeline the lead is: 0 in the first stage, 30 in the last, evenly in
 *   between; a stage named "Lost" scores 0;</li>
 *   <li><b>recency</b>, 0–30: 30 when the lead last wrote today, one point less for each day since, 0 after 30 days
 *   or when it never wrote.</li>
 * </ul>
 *
 * A pure function of its inputs, so the formula is tested on its own and gives the same score for the same lead.
 */
public final class LeadScore {

    public static final int ACTIVITY_MAX = 40;
    public static final int ACTIVITY_PER_MESSAGE = 8;
    public static final int STAGE_MAX = 30;
    public static final int RECENCY_MAX = 30;
    public static final Duration WINDOW = Duration.ofDays(30);

    private LeadScore() {
    }

    /**
     * @param inboundLast30Days messages the lead sent in the 30 days before {@code asOf}
     * @param stageIndex the lead's stage's position in its pipeline, from 0
     * @param stageCount how many stages the pipeline has
     * @param stageName the stage's name
     * @param lastInboundAt when the lead last wrote, null if never
     */
    public static int of(long inboundLast30Days, int stageIndex, int stageCount, String stageName, Instant lastInboundAt,
                         Instant asOf) {
        return activity(inboundLast30Days) + stage(stageIndex, stageCount, stageName) + recency(lastInboundAt, asOf);
    }

    static int activity(long inbound) {
        return (int) Math.min(ACTIVITY_MAX, Math.max(0, inbound) * ACTIVITY_PER_MESSAGE);
    }

    static int stage(int index, int count, String name) {
        if (name != null && name.trim().toLowerCase(Locale.ROOT).equals("lost")) {
            return 0;
        }
        if (count <= 1 || index <= 0) {
            return 0;
        }
        return (int) Math.round(STAGE_MAX * Math.min(1.0, (double) index / (count - 1)));
    }

    static int recency(Instant lastInboundAt, Instant asOf) {
        if (lastInboundAt == null) {
            return 0;
        }
        long days = Math.max(0, Duration.between(lastInboundAt, asOf).toDays());
        return (int) Math.max(0, RECENCY_MAX - days);
    }
}
