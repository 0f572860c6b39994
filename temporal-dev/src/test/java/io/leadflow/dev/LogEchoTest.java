package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogEchoTest {

    @Test
    void springWarningsErrorsAndStartupFailures_reachTheConsole_infoDoesNot() {
        var echo = LogEcho.springApp();

        assertThat(echo.test("2026-11-22T03:02:41.835Z  WARN [] [] 22574 --- [leadflow-worker] [main] i.l.w.X : could not"))
                .isTrue();
        assertThat(echo.test("2026-11-22T03:02:41.835Z ERROR [demo] [ev1] 22574 --- [leadflow-api] [main] X : boom")).isTrue();
        assertThat(echo.test("2026-11-22T03:02:41.835Z  INFO [] [] 22574 --- [leadflow-api] [main] X : Started")).isFalse();
        assertThat(echo.test("APPLICATION FAILED TO START")).isTrue();
        assertThat(echo.test("Exception in thread \"main\" java.lang.IllegalStateException")).isTrue();
        assertThat(echo.test("\tat io.leadflow.Foo.bar(Foo.java:1)")).isFalse();
    }

    @Test
    void temporalCli_onlyErrorsReachTheConsole() {
        var echo = LogEcho.temporalCli();

        assertThat(echo.test("time=2026-11-22T02:49:50.295 level=WARN msg=\"Failed to poll for task.\"")).isFalse();
        assertThat(echo.test("time=2026-11-22T02:49:50.295 level=ERROR msg=\"Unable to start server\"")).isTrue();
    }

    @Test
    void javaTestServer_warningsReachTheConsole() {
        var echo = LogEcho.javaTestServer();

        assertThat(echo.test("03:02:04.598 INFO  Temporal Java test server listening on port 7233")).isFalse();
        assertThat(echo.test("03:02:04.598 WARN  launcher (pid 1) is gone; stopping the test server")).isTrue();
    }

    @Test
    void echoedLines_arePrefixedAndCutShort() {
        assertThat(LogEcho.format("api", "short")).isEqualTo("[api] short");
        assertThat(LogEcho.format("api", "x".repeat(500))).hasSize("[api] ".length() + LogEcho.MAX_ECHO + " ...".length());
    }
}
