package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminApiTest {

    @Test
    void created_yieldsTheOneTimeCredentials() {
        var result = AdminApi.interpret(201,
                "{\"success\":true,\"data\":{\"clientCode\":\"demo\",\"secretKey\":\"lf_sk_k\",\"publishableKey\":\"lf_pk_p\","
                        + "\"apiKey\":\"lf_sk_k\",\"webhookSecret\":\"whsec_s\"}}");

        assertThat(result).isEqualTo(new AdminApi.Provisioning.Created(new DemoTenant("demo", "lf_sk_k", "whsec_s", "lf_pk_p")));
    }

    @Test
    void conflict_meansTheTenantIsThereFromAnEarlierStart() {
        var result = AdminApi.interpret(409, "{\"success\":false,\"error\":{\"code\":\"CLIENT_EXISTS\"}}");

        assertThat(result).isInstanceOf(AdminApi.Provisioning.AlreadyExists.class);
    }

    @Test
    void anythingElse_isAFailureThatSaysWhat() {
        assertThat(AdminApi.interpret(401, "{\"success\":false}"))
                .isEqualTo(new AdminApi.Provisioning.Failed("HTTP 401: {\"success\":false}"));
        assertThat(AdminApi.interpret(201, "{\"success\":true,\"data\":{}}"))
                .isInstanceOf(AdminApi.Provisioning.Failed.class);
        assertThat(AdminApi.interpret(201, "<html>"))
                .isInstanceOf(AdminApi.Provisioning.Failed.class);
    }
}
