package io.leadflow.activities.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaErrorsTest {

    @ParameterizedTest(name = "HTTP {0}, Meta code {1} -> {2}")
    @CsvSource({
            "401, 190,    PROVIDER_PERMANENT",   // invalid or expired token
            "400, 190,    PROVIDER_PERMANENT",
            "404, 132001, PROVIDER_PERMANENT",   // template does not exist
            "400, 131026, PROVIDER_PERMANENT",   // recipient cannot receive
            "400, 131047, PROVIDER_PERMANENT",   // outside the 24-hour window
            "400, 100,    PROVIDER_PERMANENT",   // invalid parameter
            "403, 10,     PROVIDER_PERMANENT",   // permission denied
            "400, 0,      PROVIDER_PERMANENT",   // unknown 4xx
            "429, 130429, PROVIDER_TRANSIENT",   // throughput reached
            "400, 80007,  PROVIDER_TRANSIENT",   // WABA rate limit, even on a 400
            "400, 131056, PROVIDER_TRANSIENT",   // pair rate limit
            "400, 4,      PROVIDER_TRANSIENT",   // application rate limit
            "429, 0,      PROVIDER_TRANSIENT",
            "500, 131000, PROVIDER_TRANSIENT",   // something went wrong
            "503, 131016, PROVIDER_TRANSIENT",   // service unavailable
            "502, 0,      PROVIDER_TRANSIENT",
            "408, 0,      PROVIDER_TRANSIENT"})
    void metaAnswersAreSortedIntoPermanentAndTransient(int status, int code, String expectedType) {
        String body = code == 0 ? "<html>gateway</html>"
                : "{\"error\":{\"message\":\"m\",\"type\":\"OAuthException\",\"code\":" + code + "}}";

        ApplicationFailure failure = MetaErrors.classify(status, body, null);

        assertThat(failure.getType()).isEqualTo(expectedType);
        assertThat(failure.isNonRetryable()).isEqualTo(expectedType.equals("PROVIDER_PERMANENT"));
    }

    @ParameterizedTest
    @CsvSource({"429, 130429", "503, 0"})
    void transientAnswersCarryTheRetryAfterDelay(int status, int code) {
        ApplicationFailure failure = MetaErrors.classify(status,
                "{\"error\":{\"message\":\"slow down\",\"code\":" + code + "}}", Duration.ofSeconds(30));

        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
    }
}
