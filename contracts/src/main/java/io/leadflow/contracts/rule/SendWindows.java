package io.leadflow.contracts.rule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Wall-clock arithmetic for send windows and {@code waitUntil {time}}: pure functions of their arguments (the
 * caller passes {@code now}, from {@code Workflow.currentTimeMillis()} in workflows), correct across DST.
 *
 * <p>Local times are resolved the {@link ZonedDateTime#of} way: a time that falls in a spring-forward gap
 * moves later by the length of the gap (02:30 becomes 03:30), and a time that occurs twice on a fall-back day
 * means its first occurrence.
 */
public final class SendWindows {

    /** "HH:mm", 00:00 to 23:59: how times are written. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);
    /** Reads "9:05" as well as "09:05"; never "24:00". */
    private static final DateTimeFormatter TIME_INPUT = DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);

    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private SendWindows() {
    }

    /**
     * The first instant at or after {@code now} inside the window ({@code now} itself when it is inside),
     * in the window's own time zone, else {@code fallbackZone}. A null window is always open.
     */
    public static Instant nextAllowed(SendWindow window, ZoneId fallbackZone, Instant now) {
        return nextAllowedIn(window, zoneFor(window, null, fallbackZone == null ? null : fallbackZone.getId()), now);
    }

    /**
     * The first instant at or after {@code now} inside the window, reading its days and hours in
     * {@code zone} (the window's own {@code timezone} is ignored: pick the zone with {@link #zoneFor}).
     * A window whose end is not after its start runs overnight, into the next day.
     */
    public static Instant nextAllowedIn(SendWindow window, ZoneId zone, Instant now) {
        if (window == null) {
            return now;
        }
        Set<DayOfWeek> days = days(window.days());
        LocalTime start = window.start() == null ? LocalTime.MIDNIGHT : parseTime(window.start());
        LocalTime end = window.end() == null ? LocalTime.MIDNIGHT : parseTime(window.end());
        boolean overnight = !end.isAfter(start);
        LocalDate today = LocalDate.ofInstant(now, zone);
        // Yesterday's overnight window may still be open; a week and a day ahead always holds an opening.
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(8)); day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant open = ZonedDateTime.of(day, start, zone).toInstant();
            Instant close = ZonedDateTime.of(overnight ? day.plusDays(1) : day, end, zone).toInstant();
            if (close.isAfter(now)) {
                return open.isAfter(now) ? open : now;
            }
        }
        throw new IllegalStateException("a send window with days " + days + " has no opening within a week");
    }

    /** Whether sending is allowed at {@code now}. */
    public static boolean isOpen(SendWindow window, ZoneId zone, Instant now) {
        return nextAllowedIn(window, zone, now).equals(now);
    }

    /**
     * The next instant at or after {@code now} at which the local clock in {@code zone} shows {@code time}
     * ("next 9 am local"). If the time occurs twice tonight (fall-back), the second occurrence also counts.
     */
    public static Instant nextLocalTime(Instant now, LocalTime time, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (int offset = 0; offset <= 2; offset++) {
            ZonedDateTime first = ZonedDateTime.of(today.plusDays(offset), time, zone);
            if (!first.toInstant().isBefore(now)) {
                return first.toInstant();
            }
            ZonedDateTime second = first.withLaterOffsetAtOverlap();
            if (!second.toInstant().isBefore(now)) {
                return second.toInstant();
            }
        }
        throw new IllegalStateException("no " + time + " in " + zone + " within two days of " + now);
    }

    /**
     * The zone a window is read in: the lead's own, else the window's {@code timezone}, else the tenant's,
     * else UTC. Unknown zone names are skipped.
     */
    public static ZoneId zoneFor(SendWindow window, String leadTimezone, String tenantTimezone) {
        for (String candidate : new String[] {leadTimezone, window == null ? null : window.timezone(), tenantTimezone}) {
            ZoneId zone = zoneOrNull(candidate);
            if (zone != null) {
                return zone;
            }
        }
        return ZoneId.of("UTC");
    }

    /** A zone by IANA name, or null when blank or unknown. */
    public static ZoneId zoneOrNull(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** "HH:mm" (or "H:mm") as a time. */
    public static LocalTime parseTime(String hhmm) {
        try {
            return LocalTime.parse(hhmm.trim(), TIME_INPUT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + hhmm + "' is not a time like 09:00", e);
        }
    }

    /** A day name ({@code MON}..{@code SUN}, any case, full names too) as a day, or null. */
    public static DayOfWeek parseDay(String name) {
        if (name == null) {
            return null;
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        int index = upper.length() >= 3 ? DAY_NAMES.indexOf(upper.substring(0, 3)) : -1;
        if (index < 0 || !(upper.length() == 3 || upper.equals(DayOfWeek.of(index + 1).name()))) {
            return null;
        }
        return DayOfWeek.of(index + 1);
    }

    /** The short name ({@code MON}) of a day. */
    public static String dayName(DayOfWeek day) {
        return DAY_NAMES.get(day.getValue() - 1);
    }

    private static Set<DayOfWeek> days(List<String> names) {
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names) {
            DayOfWeek day = parseDay(name);
            if (day == null) {
                throw new IllegalArgumentException("'" + name + "' is not a day (MON..SUN)");
            }
            days.add(day);
        }
        return days;
    }
}
