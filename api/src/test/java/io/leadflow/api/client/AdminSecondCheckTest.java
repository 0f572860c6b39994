package io.leadflow.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The admin API checks the admin role itself, bound to the controller and not to a path: were a routing change ever
 * to let a request past the chain to these handlers, a tenant (or nobody) would still be refused.
 */
@ApiIntegrationTest
class AdminSecondCheckTest {

    @Autowired
    ClientController controller;

    @Autowired
    TenantScheduleController schedules;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void everyHandler_refusesAnythingButAnAdmin() {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("acme", null, "TENANT_SECRET"));
        assertThatThrownBy(() -> controller.list()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> controller.rotateApiKey("acme")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> controller.create(new CreateClientRequest("evil02", "Evil", null, null, null, null)))
                .isInstanceOf(AccessDeniedException.class);

        assertThatThrownBy(() -> schedules.list("acme")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> schedules.pause("acme", "score", null)).isInstanceOf(AccessDeniedException.class);

        SecurityContextHolder.clearContext();
        assertThatThrownBy(() -> controller.list()).as("nobody at all").isInstanceOf(Exception.class);
        assertThatThrownBy(() -> schedules.resume("acme", "score", null)).isInstanceOf(Exception.class);

        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("ops", null, "ROLE_ADMIN"));
        assertThat(controller.list().success()).isTrue();
    }
}
