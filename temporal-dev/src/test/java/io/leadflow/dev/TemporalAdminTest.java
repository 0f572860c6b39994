package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against the same Java test server the stack falls back to, started in-process on a free loopback port. */
class TemporalAdminTest {

    @Test
    void onTheJavaTestServer_searchAttributesRegister_andRegisteringAgainIsFine() throws IOException {
        int port = freePort();
        try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
                TemporalAdmin admin = new TemporalAdmin("127.0.0.1:" + port, "default")) {
            admin.awaitServing(Duration.ofSeconds(30), () -> true);

            assertThat(admin.registerSearchAttributes()).isTrue();
            assertThat(admin.registerSearchAttributes()).as("second start").isTrue();
        }
    }

    @Test
    void aServerThatDiedDuringStartup_isReportedAtOnce() throws IOException {
        try (TemporalAdmin admin = new TemporalAdmin("127.0.0.1:" + freePort(), "default")) {
            assertThatThrownBy(() -> admin.awaitServing(Duration.ofSeconds(30), () -> false))
                    .isInstanceOf(StartupException.class).hasMessageContaining("exited");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
