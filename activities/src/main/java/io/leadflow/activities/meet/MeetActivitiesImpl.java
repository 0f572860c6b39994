package io.leadflow.activities.meet;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarScopes;
import com.google.api.services.calendar.model.ConferenceData;
import com.google.api.services.calendar.model.ConferenceSolutionKey;
import com.google.api.services.calendar.model.CreateConferenceRequest;
import com.google.api.services.calendar.model.EntryPoint;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import io.leadflow.activities.channel.ChannelLedger;
import io.leadflow.activities.channel.ProviderFailures;
import io.leadflow.contracts.meet.MeetActivities;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.shared.config.LeadflowProperties;
import io.leadflow.shared.conversation.Channels;
import io.leadflow.shared.outbox.Outbox;
import io.leadflow.shared.outbox.OutboxMessage;
import io.leadflow.shared.tenant.TenantScope;
import io.leadflow.shared.tenant.Tenants;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates Google Meet links as Calendar v3 events with {@code conferenceData.createRequest} on the tenant's calendar,
 * using its service-account or refresh-token credentials. Idempotent twice over: the event id derives from the
 * request id, so Google answers a repeated insert with 409 and we read the existing event; and the conference
 * {@code requestId} is the request id, so Google never builds two conferences for it.
 */
@Component
public class MeetActivitiesImpl implements MeetActivities {

    static final String PROVIDER = "google";
    static final String CHANNEL = Channels.MEET;
    private static final int DEFAULT_DURATION_MINUTES = 30;
    private static final int CONFERENCE_POLLS = 4;
    private static final Duration CONFERENCE_POLL_INTERVAL = Duration.ofMillis(500);

    private final ChannelLedger ledger;
    private final String rootUrl;
    private final URI tokenUrl;
    private final HttpTransport transport = new GoogleHttpTransport();
    private final HttpTransportFactory transportFactory = () -> transport;
    private final Map<String, GoogleCalendar> calendars = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.shared();

    public MeetActivitiesImpl(ChannelLedger ledger, Tenants tenants, LeadflowProperties properties) {
        this.ledger = ledger;
        String root = properties.channels().googleCalendarRootUrl();
        this.rootUrl = root.endsWith("/") ? root : root + "/";
        this.tokenUrl = URI.create(properties.channels().googleTokenUrl());
        tenants.onOpen(scope -> scope.data().indexOps(MeetingRecord.class)
                .createIndex(new Index("requestScope", Sort.Direction.ASC).unique().sparse()));
    }

    @Override
    public MeetResult createMeet(MeetCreate create) {
        return ledger.metered(create.clientCode(), CHANNEL, () -> meet(create),
                booked -> ledger.sandbox(create.clientCode()) ? "sandboxed" : "sent");
    }

    private MeetResult meet(MeetCreate create) {
        TenantScope tenant = ledger.tenant(create.clientCode());
        ledger.requireActive(tenant.clientCode());
        String requestId = ledger.idempotencyKey(create.requestId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("summary", create.summary());
        details.put("startTime", create.startTime());
        details.put("requestId", requestId);

        Optional<MeetingRecord> existing = byRequestId(tenant, requestId);
        if (existing.isPresent()) {
            return new MeetResult(existing.get().meetLink(), existing.get().calendarEventId());
        }
        Instant start = parseStart(tenant, create, details);
        int minutes = create.durationMinutes() > 0 ? create.durationMinutes() : DEFAULT_DURATION_MINUTES;
        List<String> attendees = create.attendees() == null ? List.of()
                : create.attendees().stream().filter(Objects::nonNull).map(String::strip).filter(a -> !a.isEmpty())
                        .distinct().toList();
        if (ledger.sandbox(tenant.clientCode())) {
            return sandboxMeet(tenant, create, requestId, start, minutes, attendees);
        }

        try {
            GoogleCalendar google = calendar(tenant.clientCode());
            String eventId = eventId(tenant, requestId);
            Event event = insertOrFetch(google.client(), google.calendarId(), eventId,
                    event(eventId, create.summary(), start, minutes, attendees, requestId), !attendees.isEmpty());
            event = awaitConference(google.client(), google.calendarId(), event);
            String link = link(event).orElseThrow(() ->
                    ProviderFailures.transientFailure("Google has not finished creating the Meet conference yet"));
            MeetingRecord record = new MeetingRecord(null, tenant.clientCode(), create.leadId(), requestId,
                    tenant.clientCode() + ":" + requestId, google.calendarId(), event.getId(), link,
                    create.summary(), start, minutes, attendees, Instant.now());
            try {
                tenant.data().insert(record);
            } catch (DuplicateKeyException raced) {
                // Another attempt recorded the same event first; both saw the same Google event.
            }
            return new MeetResult(link, event.getId());
        } catch (ApplicationFailure failure) {
            throw fail(tenant, create.leadId(), failure, details);
        } catch (IOException e) {
            throw fail(tenant, create.leadId(), GoogleFailures.classify(e), details);
        }
    }

    /** A tenant's Calendar client (it caches the access token) and the calendar that holds its meetings. */
    /**
     * A sandbox tenant books no real meeting: the outbox records what would have been sent to Google, and the
     * link points at a reserved domain so nobody mistakes it for a real conference.
     */
    private MeetResult sandboxMeet(TenantScope tenant, MeetCreate create, String requestId, Instant start, int minutes,
                                   List<String> attendees) {
        String code = ChannelLedger.digest(tenant.clientCode(), requestId, 10);
        String link = "https://meet.sandbox.leadflow.invalid/" + code.substring(0, 3) + "-" + code.substring(3, 7)
                + "-" + code.substring(7, 10);
        Outbox.record(tenant, new OutboxMessage(null, tenant.clientCode(), CHANNEL, create.leadId(),
                String.join(", ", attendees), null, null, List.of(), List.of(), create.summary(),
                "start " + start + ", " + minutes + " min, link " + link, null, requestId,
                tenant.clientCode() + ":" + requestId, "sandbox-meet-" + code, Instant.now(), null));
        return new MeetResult(link, "sandbox-" + code);
    }

    private record GoogleCalendar(Calendar client, String calendarId) {
    }

    /** One client per tenant and credential version; a credential change replaces the tenant's cached client. */
    private GoogleCalendar calendar(String clientCode) {
        String raw = ledger.credentials(clientCode, PROVIDER);
        String cacheKey = clientCode + ":" + ChannelLedger.digest(clientCode, raw, 32);
        GoogleCalendar cached = calendars.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        calendars.keySet().removeIf(k -> k.startsWith(clientCode + ":"));
        return calendars.computeIfAbsent(cacheKey, k -> connect(raw));
    }

    private GoogleCalendar connect(String raw) {
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (RuntimeException unreadable) {
            throw ProviderFailures.notConfigured("google credentials are not valid JSON");
        }
        String calendarId = text(node, "calendarId").orElse("primary");
        String type = text(node, "type").orElse("");
        GoogleCredentials credentials = switch (type) {
            case "service_account" -> serviceAccount(raw, text(node, "subject").orElse(null));
            case "authorized_user" -> authorizedUser(node);
            default -> throw ProviderFailures.notConfigured(
                    "google credentials need type 'service_account' or 'authorized_user'");
        };
        return new GoogleCalendar(client(credentials), calendarId);
    }

    private GoogleCredentials serviceAccount(String raw, String subject) {
        try {
            ServiceAccountCredentials parsed = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), transportFactory);
            return parsed.toBuilder()
                    .setScopes(List.of(CalendarScopes.CALENDAR_EVENTS))
                    .setServiceAccountUser(subject)
                    .setTokenServerUri(tokenUrl)
                    .setHttpTransportFactory(transportFactory)
                    .setDefaultRetriesEnabled(false) // Temporal retries, with backoff and a record of each attempt
                    .build();
        } catch (IOException | RuntimeException invalid) {
            throw ProviderFailures.notConfigured("google service-account credentials are incomplete: "
                    + invalid.getMessage());
        }
    }

    private GoogleCredentials authorizedUser(JsonNode node) {
        Optional<String> clientId = text(node, "client_id");
        Optional<String> clientSecret = text(node, "client_secret");
        Optional<String> refreshToken = text(node, "refresh_token");
        if (clientId.isEmpty() || clientSecret.isEmpty() || refreshToken.isEmpty()) {
            throw ProviderFailures.notConfigured(
                    "google authorized_user credentials need client_id, client_secret and refresh_token");
        }
        return UserCredentials.newBuilder()
                .setClientId(clientId.get())
                .setClientSecret(clientSecret.get())
                .setRefreshToken(refreshToken.get())
                .setTokenServerUri(tokenUrl)
                .setHttpTransportFactory(transportFactory)
                .build();
    }

    private Calendar client(GoogleCredentials credentials) {
        HttpCredentialsAdapter authorization = new HttpCredentialsAdapter(credentials);
        HttpRequestInitializer initializer = request -> {
            authorization.initialize(request);
            request.setConnectTimeout(10_000);
            request.setReadTimeout(20_000);
        };
        return new Calendar.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(rootUrl)
                .setApplicationName("Leadflow")
                .build();
    }

    private static Event event(String eventId, String summary, Instant start, int minutes, List<String> attendees,
            String requestId) {
        return new Event()
                .setId(eventId)
                .setSummary(summary == null || summary.isBlank() ? "Meeting" : summary)
                .setStart(new EventDateTime().setDateTime(new DateTime(start.toEpochMilli())))
                .setEnd(new EventDateTime().setDateTime(new DateTime(start.plus(Duration.ofMinutes(minutes)).toEpochMilli())))
                .setAttendees(attendees.stream().map(email -> new EventAttendee().setEmail(email)).toList())
                .setConferenceData(new ConferenceData().setCreateRequest(new CreateConferenceRequest()
                        .setRequestId(requestId)
                        .setConferenceSolutionKey(new ConferenceSolutionKey().setType("hangoutsMeet"))));
    }

    /** Inserts the event, or — when an earlier attempt already did — reads the one Google kept. */
    private static Event insertOrFetch(Calendar calendar, String calendarId, String eventId, Event event,
            boolean invite) throws IOException {
        try {
            return calendar.events().insert(calendarId, event)
                    .setConferenceDataVersion(1)
                    .setSendUpdates(invite ? "all" : "none")
                    .execute();
        } catch (GoogleJsonResponseException e) {
            if (e.getStatusCode() != 409) {
                throw e;
            }
            Event kept = calendar.events().get(calendarId, eventId).execute();
            if ("cancelled".equals(kept.getStatus())) {
                throw ProviderFailures.permanent("the meeting for this request was cancelled in Google Calendar");
            }
            return kept;
        }
    }

    /** Google may build the conference asynchronously; wait briefly for it, then let Temporal retry. */
    private static Event awaitConference(Calendar calendar, String calendarId, Event event) throws IOException {
        Event current = event;
        for (int poll = 0; poll < CONFERENCE_POLLS && link(current).isEmpty(); poll++) {
            String status = conferenceStatus(current);
            if ("failure".equals(status)) {
                throw ProviderFailures.permanent("Google could not create a Meet conference for this calendar");
            }
            if (!"pending".equals(status)) {
                break;
            }
            try {
                Thread.sleep(CONFERENCE_POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderFailures.transientFailure("interrupted while waiting for the Meet conference");
            }
            current = calendar.events().get(calendarId, current.getId()).execute();
        }
        return current;
    }

    private static Optional<String> link(Event event) {
        if (event.getHangoutLink() != null && !event.getHangoutLink().isBlank()) {
            return Optional.of(event.getHangoutLink());
        }
        ConferenceData conference = event.getConferenceData();
        if (conference == null || conference.getEntryPoints() == null) {
            return Optional.empty();
        }
        return conference.getEntryPoints().stream()
                .filter(entry -> "video".equals(entry.getEntryPointType()))
                .map(EntryPoint::getUri)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static String conferenceStatus(Event event) {
        ConferenceData conference = event.getConferenceData();
        if (conference == null || conference.getCreateRequest() == null
                || conference.getCreateRequest().getStatus() == null) {
            return null;
        }
        return conference.getCreateRequest().getStatus().getStatusCode();
    }

    private Instant parseStart(TenantScope tenant, MeetCreate create, Map<String, Object> details) {
        try {
            return OffsetDateTime.parse(create.startTime() == null ? "" : create.startTime()).toInstant();
        } catch (DateTimeParseException e) {
            throw fail(tenant, create.leadId(), ProviderFailures.invalid(
                    "startTime '" + create.startTime() + "' is not ISO-8601 with an offset"), details);
        }
    }

    private ApplicationFailure fail(TenantScope tenant, String leadId, ApplicationFailure failure,
            Map<String, Object> details) {
        if (failure.isNonRetryable()) {
            ledger.recordOnLead(tenant, leadId, CHANNEL, failure.getType(), failure.getOriginalMessage(), details);
        }
        return failure;
    }

    private static Optional<MeetingRecord> byRequestId(TenantScope tenant, String requestId) {
        return tenant.data().findOne(Query.query(Criteria.where("requestScope")
                .is(tenant.clientCode() + ":" + requestId)), MeetingRecord.class);
    }

    /** Calendar event ids allow {@code [a-v0-9]}; lowercase hex is a subset, so a hash of the request id fits. */
    static String eventId(TenantScope tenant, String requestId) {
        return "lf" + ChannelLedger.digest(tenant.clientCode(), requestId, 40);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.stringValue().isBlank() ? Optional.of(value.stringValue()) : Optional.empty();
    }
}
