package io.leadflow.contracts.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.rule.SendWindow;
import io.leadflow.contracts.rule.SendWindows;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SendWindowsTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final List<String> WEEKDAYS = List.of("MON", "TUE", "WED", "THU", "FRI");
    private static final List<String> EVERY_DAY = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Nested
    class NextAllowed {

        private final SendWindow officeHoursNewYork = new SendWindow(WEEKDAYS, "09:00", "18:00", "America/New_York");

        @Test
        void insideTheWindowSendsNow() {
            Instant wednesdayNoon = at("2025-07-02T16:00:00Z"); // 12:00 EDT

            assertThat(SendWindows.nextAllowed(officeHoursNewYork, KOLKATA, wednesdayNoon)).isEqualTo(wednesdayNoon);
        }

        @Test
        void earlyMorningWaitsForTodaysOpening() {
            assertThat(SendWindows.nextAllowed(officeHoursNewYork, null, at("2025-07-02T10:00:00Z")))
                    .isEqualTo(at("2025-07-02T13:00:00Z")); // 09:00 EDT
        }

        @Test
        void theEndOfTheWindowIsAlreadyClosed() {
            assertThat(SendWindows.nextAllowed(officeHoursNewYork, null, at("2025-07-02T22:00:00Z"))) // 18:00 EDT
                    .isEqualTo(at("2025-07-03T13:00:00Z"));
        }

        @Test
        void fridayEveningWaitsForMonday() {
            Instant fridayEvening = at("2025-07-04T23:30:00Z"); // Fri 19:30 EDT

            assertThat(SendWindows.nextAllowed(officeHoursNewYork, null, fridayEvening))
                    .isEqualTo(at("2025-07-07T13:00:00Z")); // Mon 09:00 EDT
        }

        @Test
        void springForwardNightOpensAtNineLocalNotNineStandardTime() {
            SendWindow daily = new SendWindow(EVERY_DAY, "09:00", "17:00", null);
            Instant saturdayEvening = at("2025-03-08T23:00:00Z"); // Sat 18:00 EST; clocks jump at 02:00 Sunday

            assertThat(SendWindows.nextAllowed(daily, NEW_YORK, saturdayEvening))
                    .isEqualTo(at("2025-03-09T13:00:00Z")); // Sun 09:00 EDT (UTC-4)
        }

        @Test
        void fallBackNightOpensAtNineLocalToo() {
            SendWindow daily = new SendWindow(EVERY_DAY, "09:00", "17:00", null);
            Instant saturdayEvening = at("2025-11-01T22:00:00Z"); // Sat 18:00 EDT; clocks go back at 02:00 Sunday

            assertThat(SendWindows.nextAllowed(daily, NEW_YORK, saturdayEvening))
                    .isEqualTo(at("2025-11-02T14:00:00Z")); // Sun 09:00 EST (UTC-5)
        }

        @Test
        void anOpeningInsideTheSpringForwardGapMovesLaterByTheGap() {
            SendWindow night = new SendWindow(EVERY_DAY, "02:30", "04:00", null);

            assertThat(SendWindows.nextAllowed(night, NEW_YORK, at("2025-03-09T05:00:00Z"))) // 00:00 EST
                    .isEqualTo(at("2025-03-09T07:30:00Z")); // 03:30 EDT
        }

        @Test
        void kolkataHasAHalfHourOffsetAndNoDst() {
            SendWindow window = new SendWindow(EVERY_DAY, "09:00", "18:00", "Asia/Kolkata");

            assertThat(SendWindows.nextAllowed(window, NEW_YORK, at("2025-07-01T02:00:00Z"))) // 07:30 IST
                    .isEqualTo(at("2025-07-01T03:30:00Z"));
            assertThat(SendWindows.nextAllowed(window, NEW_YORK, at("2025-07-01T12:31:00Z"))) // 18:01 IST
                    .isEqualTo(at("2025-07-02T03:30:00Z"));
        }

        @Test
        void anOvernightWindowStaysOpenPastMidnightOfItsDay() {
            SendWindow mondayNight = new SendWindow(List.of("MON"), "22:00", "06:00", "UTC");

            assertThat(SendWindows.nextAllowed(mondayNight, null, at("2025-07-08T03:00:00Z"))) // Tue 03:00
                    .isEqualTo(at("2025-07-08T03:00:00Z"));
            assertThat(SendWindows.nextAllowed(mondayNight, null, at("2025-07-08T07:00:00Z"))) // Tue 07:00
                    .isEqualTo(at("2025-07-14T22:00:00Z")); // next Monday 22:00
        }

        @Test
        void noWindowMeansAnyTime() {
            Instant now = at("2025-07-05T03:00:00Z");

            assertThat(SendWindows.nextAllowed(null, NEW_YORK, now)).isEqualTo(now);
        }

        @Test
        void theWindowsOwnZoneBeatsTheFallback() {
            SendWindow kolkata = new SendWindow(EVERY_DAY, "09:00", "18:00", "Asia/Kolkata");
            Instant now = at("2025-07-01T04:00:00Z"); // 09:30 IST, 00:00 EDT

            assertThat(SendWindows.isOpen(kolkata, KOLKATA, now)).isTrue();
            assertThat(SendWindows.nextAllowed(kolkata, NEW_YORK, now)).isEqualTo(now);
        }
    }

    @Nested
    class ZoneChoice {

        private final SendWindow window = new SendWindow(EVERY_DAY, "09:00", "18:00", "Europe/Berlin");

        @Test
        void theLeadsOwnZoneComesFirst() {
            assertThat(SendWindows.zoneFor(window, "Asia/Kolkata", "UTC")).isEqualTo(KOLKATA);
        }

        @Test
        void thenTheWindowsThenTheTenantsThenUtc() {
            assertThat(SendWindows.zoneFor(window, null, "UTC")).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(SendWindows.zoneFor(new SendWindow(EVERY_DAY, "09:00", "18:00", null), "Not/AZone", "America/New_York"))
                    .isEqualTo(NEW_YORK);
            assertThat(SendWindows.zoneFor(null, null, null)).isEqualTo(ZoneId.of("UTC"));
        }

        @Test
        void aLeadInKolkataGetsMessagesInKolkataHours() {
            ZoneId zone = SendWindows.zoneFor(window, "Asia/Kolkata", "UTC");

            assertThat(SendWindows.nextAllowedIn(window, zone, at("2025-07-01T02:00:00Z")))
                    .isEqualTo(at("2025-07-01T03:30:00Z"));
        }
    }

    @Nested
    class NextLocalTime {

        private final LocalTime nine = LocalTime.of(9, 0);

        @Test
        void nextNineAmAcrossSpringForwardIsNineLocal() {
            Instant saturdayTenAm = at("2025-03-08T15:00:00Z"); // 10:00 EST

            assertThat(SendWindows.nextLocalTime(saturdayTenAm, nine, NEW_YORK)).isEqualTo(at("2025-03-09T13:00:00Z"));
        }

        @Test
        void nextNineAmAcrossFallBackIsNineLocal() {
            Instant saturdayTenAm = at("2025-11-01T14:00:00Z"); // 10:00 EDT

            assertThat(SendWindows.nextLocalTime(saturdayTenAm, nine, NEW_YORK)).isEqualTo(at("2025-11-02T14:00:00Z"));
        }

        @Test
        void beforeNineItIsToday() {
            assertThat(SendWindows.nextLocalTime(at("2025-07-01T02:00:00Z"), nine, KOLKATA)) // 07:30 IST
                    .isEqualTo(at("2025-07-01T03:30:00Z"));
        }

        @Test
        void afterNineItIsTomorrow() {
            assertThat(SendWindows.nextLocalTime(at("2025-07-01T04:00:00Z"), nine, KOLKATA)) // 09:30 IST
                    .isEqualTo(at("2025-07-02T03:30:00Z"));
        }

        @Test
        void exactlyNineIsNow() {
            Instant nineIst = at("2025-07-01T03:30:00Z");

            assertThat(SendWindows.nextLocalTime(nineIst, nine, KOLKATA)).isEqualTo(nineIst);
        }

        @Test
        void aTimeInsideTheGapMovesLaterByTheGap() {
            assertThat(SendWindows.nextLocalTime(at("2025-03-09T05:00:00Z"), LocalTime.of(2, 30), NEW_YORK))
                    .isEqualTo(at("2025-03-09T07:30:00Z")); // 03:30 EDT
        }

        @Test
        void aTimeThatHappensTwiceOnFallBackNightCountsBothTimes() {
            LocalTime halfPastOne = LocalTime.of(1, 30);

            assertThat(SendWindows.nextLocalTime(at("2025-11-02T04:00:00Z"), halfPastOne, NEW_YORK)) // 00:00 EDT
                    .isEqualTo(at("2025-11-02T05:30:00Z")); // first 01:30 (EDT)
            assertThat(SendWindows.nextLocalTime(at("2025-11-02T06:00:00Z"), halfPastOne, NEW_YORK)) // 01:00 EST
                    .isEqualTo(at("2025-11-02T06:30:00Z")); // second 01:30 (EST)
        }
    }

    @Test
    void dayNamesAreReadInAnyCaseAndLongForm() {
        assertThat(SendWindows.parseDay("mon")).hasToString("MONDAY");
        assertThat(SendWindows.parseDay("Sunday")).hasToString("SUNDAY");
        assertThat(SendWindows.parseDay("Mo")).isNull();
        assertThat(SendWindows.parseDay("Monsday")).isNull();
    }
}
