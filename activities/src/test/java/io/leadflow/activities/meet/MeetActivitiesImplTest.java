package io.leadflow.activities.meet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.leadflow.activities.channel.ChannelFixture;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.contracts.meet.MeetCreate;
import io.leadflow.contracts.meet.MeetResult;
import io.leadflow.shared.lead.ActivityEntry;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The real Google client library and auth library, talking to MockWebServer as Google's token and Calendar APIs. */
class MeetActivitiesImplTest {

    private static final String MEET_LINK = "https://meet.google.com/abc-defg-hij";
    private static ChannelFixture fixture;
    private static KeyPair serviceAccountKey;

    private MockWebServer google;
    private MeetActivitiesImpl meet;
    private String tenant;

    @BeforeAll
    static void storageAndKeys() throws Exception {
        fixture = new ChannelFixture();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        serviceAccountKey = generator.generateKeyPair();
    }

    @AfterAll
    static void closeStorage() {
        fixture.close();
    }

    @BeforeEach
    void start() throws Exception {
        google = new MockWebServer();
        google.start();
        meet = new MeetActivitiesImpl(fixture.ledger, fixture.tenants, ChannelFixture.properties(ChannelFixture.channels(
                "http://unused/", 80, google.url("/").toString(), google.url("/token").toString(), false)));
        tenant = fixture.newTenant(false);
    }

    @AfterEach
    void stop() throws IOException {
        google.shutdown();
    }

    @Test
    void sandboxTenant_booksNoRealMeeting_butRecordsItInTheOutboxWithAStableSandboxLink() {
        String sandbox = fixture.newTenant(true);
        MeetCreate create = new MeetCreate(sandbox, "lead-9", "Demo with Asha", "2025-03-03T10:30:00+05:30", 45,
                List.of("asha@example.com"), "wf-9:meet");

        MeetResult first = meet.createMeet(create);
        MeetResult again = meet.createMeet(create);

        assertThat(first.meetLink()).startsWith("https://meet.sandbox.leadflow.invalid/");
        assertThat(again).isEqualTo(first);
        assertThat(google.getRequestCount()).as("nothing reaches Google").isZero();
        var outbox = fixture.scope(sandbox).data().find(new Query(), io.leadflow.shared.outbox.OutboxMessage.class);
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).channel()).isEqualTo("meet");
        assertThat(outbox.get(0).recipient()).isEqualTo("asha@example.com");
        assertThat(outbox.get(0).body()).contains(first.meetLink()).contains("45 min");
    }

    @Test
    void withAServiceAccount_theMeetingIsACalendarEventWithAMeetConference_andTheLinkComesBack() throws Exception {
        fixture.credentials(tenant, "google", serviceAccountJson("ops@acme.test", "sales-team@acme.test"));
        google.enqueue(token("ya29.service-account-token"));
        google.enqueue(event("wf-1:meet", "success", MEET_LINK, null));

        MeetResult result = meet.createMeet(new MeetCreate(tenant, "lead-1", "Demo with Asha",
                "2025-03-03T10:30:00+05:30", 45, List.of("asha@example.com", "ops@acme.test"), "wf-1:meet"));

        assertThat(result.meetLink()).isEqualTo(MEET_LINK);
        assertThat(result.calendarEventId()).startsWith("lf");

        RecordedRequest tokenRequest = google.takeRequest(1, TimeUnit.SECONDS);
        assertThat(tokenRequest.getPath()).isEqualTo("/token");
        Map<String, String> form = form(tokenRequest.getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) serviceAccountKey.getPublic())))
                .as("the JWT is signed with the service account's private key").isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("leadflow@acme-project.iam.gserviceaccount.com");
        assertThat(claims.getAudience()).as("Google's audience, whichever URL serves the exchange")
                .containsExactly("https://oauth2.googleapis.com/token");
        assertThat(claims.getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/calendar.events");
        assertThat(claims.getSubject()).as("domain-wide delegation to the subject").isEqualTo("ops@acme.test");

        RecordedRequest insert = google.takeRequest(1, TimeUnit.SECONDS);
        HttpUrl url = insert.getRequestUrl();
        assertThat(insert.getMethod()).isEqualTo("POST");
        assertThat(url.encodedPath()).isEqualTo("/calendar/v3/calendars/sales-team@acme.test/events");
        assertThat(url.queryParameter("conferenceDataVersion")).isEqualTo("1");
        assertThat(url.queryParameter("sendUpdates")).isEqualTo("all");
        assertThat(insert.getHeader("Authorization")).isEqualTo("Bearer ya29.service-account-token");
        JsonNode body = jsonBody(insert);
        assertThat(body.path("summary").stringValue()).isEqualTo("Demo with Asha");
        assertThat(Instant.parse(body.path("start").path("dateTime").stringValue()))
                .isEqualTo(Instant.parse("2025-03-03T05:00:00Z"));
        assertThat(Instant.parse(body.path("end").path("dateTime").stringValue()))
                .isEqualTo(Instant.parse("2025-03-03T05:45:00Z"));
        assertThat(body.path("attendees").findValuesAsString("email")).containsExactly("asha@example.com", "ops@acme.test");
        JsonNode createRequest = body.path("conferenceData").path("createRequest");
        assertThat(createRequest.path("requestId").stringValue()).isEqualTo("wf-1:meet");
        assertThat(createRequest.path("conferenceSolutionKey").path("type").stringValue()).isEqualTo("hangoutsMeet");
        assertThat(body.path("id").stringValue()).isEqualTo(result.calendarEventId()).matches("[a-v0-9]{5,1024}");

        MeetingRecord record = fixture.scope(tenant).data().find(new Query(), MeetingRecord.class).get(0);
        assertThat(record.meetLink()).isEqualTo(MEET_LINK);
        assertThat(record.leadId()).isEqualTo("lead-1");
        assertThat(record.calendarId()).isEqualTo("sales-team@acme.test");
    }

    @Test
    void withARefreshToken_theAccessTokenComesFromTheRefreshGrant() throws Exception {
        fixture.credentials(tenant, "google", "{\"type\":\"authorized_user\",\"client_id\":\"123.apps.googleusercontent.com\","
                + "\"client_secret\":\"GOCSPX-secret\",\"refresh_token\":\"1//refresh-token\"}");
        google.enqueue(token("ya29.user-token"));
        google.enqueue(event("wf-2:meet", "success", MEET_LINK, null));

        MeetResult result = meet.createMeet(new MeetCreate(tenant, "lead-2", "Call", "2025-03-03T10:30:00Z", 0,
                List.of(), "wf-2:meet"));

        assertThat(result.meetLink()).isEqualTo(MEET_LINK);
        Map<String, String> form = form(google.takeRequest().getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "1//refresh-token")
                .containsEntry("client_id", "123.apps.googleusercontent.com");
        RecordedRequest insert = google.takeRequest();
        assertThat(insert.getRequestUrl().encodedPath()).isEqualTo("/calendar/v3/calendars/primary/events");
        assertThat(insert.getRequestUrl().queryParameter("sendUpdates")).isEqualTo("none");
        assertThat(insert.getHeader("Authorization")).isEqualTo("Bearer ya29.user-token");
        JsonNode body = jsonBody(insert);
        assertThat(Instant.parse(body.path("end").path("dateTime").stringValue()))
                .as("no duration means 30 minutes").isEqualTo(Instant.parse("2025-03-03T11:00:00Z"));
    }

    @Test
    void whenTheSameRequestIdIsCreatedTwice_googleSeesOneInsert() throws Exception {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(event("wf-3:meet", "success", MEET_LINK, null));
        MeetCreate create = new MeetCreate(tenant, "lead-3", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-3:meet");

        MeetResult first = meet.createMeet(create);
        MeetResult retry = meet.createMeet(create);

        assertThat(retry).isEqualTo(first);
        assertThat(google.getRequestCount()).isEqualTo(2); // one token exchange, one insert
    }

    @Test
    void whenAnEarlierAttemptCreatedTheEventBeforeCrashing_theRetryReadsItInsteadOfCreatingASecond() throws Exception {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(googleError(409, "duplicate", "The requested identifier already exists."));
        google.enqueue(event("wf-4:meet", "success", MEET_LINK, null));

        MeetResult result = meet.createMeet(new MeetCreate(tenant, "lead-4", "Call", "2025-03-03T10:30:00Z", 30,
                List.of(), "wf-4:meet"));

        assertThat(result.meetLink()).isEqualTo(MEET_LINK);
        google.takeRequest();
        RecordedRequest insert = google.takeRequest();
        RecordedRequest read = google.takeRequest();
        assertThat(insert.getMethod()).isEqualTo("POST");
        assertThat(read.getMethod()).isEqualTo("GET");
        assertThat(read.getRequestUrl().encodedPath()).isEqualTo("/calendar/v3/calendars/primary/events/" + result.calendarEventId());
    }

    @Test
    void whenGoogleBuildsTheConferenceAsynchronously_theActivityWaitsForTheLink() throws Exception {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(event("wf-5:meet", "pending", null, null));
        google.enqueue(event("wf-5:meet", "success", null, MEET_LINK)); // only a video entry point, no hangoutLink

        MeetResult result = meet.createMeet(new MeetCreate(tenant, "lead-5", "Call", "2025-03-03T10:30:00Z", 30,
                List.of(), "wf-5:meet"));

        assertThat(result.meetLink()).isEqualTo(MEET_LINK);
        assertThat(google.getRequestCount()).as("token, insert, one read of the finished event").isEqualTo(3);
    }

    @Test
    void whenTheCalendarDoesNotExist_creationFailsWithoutRetry_andTheLeadsActivityLogSaysWhy() {
        fixture.credentials(tenant, "google", serviceAccountJson(null, "missing@acme.test"));
        google.enqueue(token("ya29.t"));
        google.enqueue(googleError(404, "notFound", "Not Found"));

        assertFailure(new MeetCreate(tenant, "lead-6", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-6:meet"),
                ErrorCode.PROVIDER_PERMANENT, "calendar not found");
        List<ActivityEntry> log = fixture.scope(tenant).data()
                .find(Query.query(Criteria.where("leadId").is("lead-6")), ActivityEntry.class);
        assertThat(log).extracting(entry -> entry.data().get("channel")).containsExactly("meet");
        assertThat(log).extracting(ActivityEntry::type).containsExactly("meet_failed");
    }

    @Test
    void whenGoogleRateLimits_creationFailsRetryably() {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(googleError(403, "rateLimitExceeded", "Rate Limit Exceeded"));

        assertFailure(new MeetCreate(tenant, "lead-7", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-7:meet"),
                ErrorCode.PROVIDER_TRANSIENT, "rate limited");
    }

    @Test
    void whenGoogleIsDown_creationFailsRetryably() {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(googleError(503, "backendError", "Backend Error"));

        assertFailure(new MeetCreate(tenant, "lead-8", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-8:meet"),
                ErrorCode.PROVIDER_TRANSIENT, "503");
    }

    @Test
    void whenServiceAccountsMayNotInviteAttendees_creationFailsWithoutRetry() {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));
        google.enqueue(token("ya29.t"));
        google.enqueue(googleError(403, "forbiddenForServiceAccounts",
                "Service accounts cannot invite attendees without Domain-Wide Delegation of Authority."));

        assertFailure(new MeetCreate(tenant, "lead-9", "Call", "2025-03-03T10:30:00Z", 30,
                List.of("asha@example.com"), "wf-9:meet"), ErrorCode.PROVIDER_PERMANENT, "forbiddenForServiceAccounts");
    }

    @Test
    void whenTheRefreshTokenWasRevoked_creationFailsWithoutRetry() {
        fixture.credentials(tenant, "google", "{\"type\":\"authorized_user\",\"client_id\":\"c\",\"client_secret\":\"s\","
                + "\"refresh_token\":\"revoked\"}");
        google.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"));

        assertFailure(new MeetCreate(tenant, "lead-10", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-10:meet"),
                ErrorCode.PROVIDER_PERMANENT, "rejected the credentials");
        assertThat(google.getRequestCount()).as("no calendar call without a token").isEqualTo(1);
    }

    @Test
    void whenTheTenantHasNoGoogleCredentials_creationFailsAsNotConfigured() {
        assertFailure(new MeetCreate(tenant, "lead-11", "Call", "2025-03-03T10:30:00Z", 30, List.of(), "wf-11:meet"),
                ErrorCode.PROVIDER_NOT_CONFIGURED, "no google credentials");
        assertThat(google.getRequestCount()).isZero();
    }

    @Test
    void whenTheStartTimeHasNoOffset_creationFailsWithoutCallingGoogle() {
        fixture.credentials(tenant, "google", serviceAccountJson(null, null));

        assertFailure(new MeetCreate(tenant, "lead-12", "Call", "2025-03-03T10:30:00", 30, List.of(), "wf-12:meet"),
                ErrorCode.VALIDATION_FAILED, "offset");
        assertThat(google.getRequestCount()).isZero();
    }

    private void assertFailure(MeetCreate create, ErrorCode type, String messagePart) {
        assertThatThrownBy(() -> meet.createMeet(create)).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
            assertThat(failure.getType()).isEqualTo(type.name());
            assertThat(failure.isNonRetryable()).isEqualTo(type != ErrorCode.PROVIDER_TRANSIENT);
            assertThat(failure.getOriginalMessage()).contains(messagePart);
        });
    }

    private static String serviceAccountJson(String subject, String calendarId) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(serviceAccountKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode json = JsonMapper.shared().createObjectNode();
        json.put("type", "service_account");
        json.put("project_id", "acme-project");
        json.put("private_key_id", "0123456789abcdef");
        json.put("private_key", pem);
        json.put("client_email", "leadflow@acme-project.iam.gserviceaccount.com");
        json.put("client_id", "109876543210");
        json.put("token_uri", "https://oauth2.googleapis.com/token");
        if (subject != null) {
            json.put("subject", subject);
        }
        if (calendarId != null) {
            json.put("calendarId", calendarId);
        }
        return JsonMapper.shared().writeValueAsString(json);
    }

    private static MockResponse token(String accessToken) {
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    /** The event as Google answers it, with the id we asked for. */
    private MockResponse event(String requestId, String conferenceStatus, String hangoutLink, String videoUri) {
        ObjectNode event = JsonMapper.shared().createObjectNode();
        event.put("kind", "calendar#event");
        event.put("id", MeetActivitiesImpl.eventId(fixture.scope(tenant), requestId));
        event.put("status", "confirmed");
        if (hangoutLink != null) {
            event.put("hangoutLink", hangoutLink);
        }
        ObjectNode conference = event.putObject("conferenceData");
        ObjectNode createRequest = conference.putObject("createRequest");
        createRequest.put("requestId", "any");
        createRequest.putObject("status").put("statusCode", conferenceStatus);
        if (videoUri != null) {
            conference.putArray("entryPoints").addObject().put("entryPointType", "video").put("uri", videoUri);
        }
        return new MockResponse().setHeader("Content-Type", "application/json")
                .setBody(JsonMapper.shared().writeValueAsString(event));
    }

    private static MockResponse googleError(int status, String reason, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(
                "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"errors\":[{\"domain\":\"global\","
                        + "\"reason\":\"" + reason + "\",\"message\":\"" + message + "\"}]}}");
    }

    private static JsonNode jsonBody(RecordedRequest request) throws IOException {
        byte[] raw = request.getBody().readByteArray();
        if ("gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"))) {
            raw = new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
        }
        return JsonMapper.shared().readTree(raw);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
