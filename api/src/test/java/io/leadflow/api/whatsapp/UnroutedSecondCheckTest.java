package io.leadflow.api.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The operators' list of unrouted WhatsApp deliveries checks the admin role itself, whatever the chain let through. */
@ApiIntegrationTest
class UnroutedSecondCheckTest {

    @Autowired
    UnroutedWebhookController controller;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void onlyAnAdmin_readsOrRoutesUnroutedDeliveries() {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("acme", null, "TENANT_SECRET"));
        assertThatThrownBy(() -> controller.list(10)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> controller.route("x")).isInstanceOf(AccessDeniedException.class);

        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("ops", null, "ROLE_ADMIN"));
        assertThat(controller.list(10).success()).isTrue();
    }
}
