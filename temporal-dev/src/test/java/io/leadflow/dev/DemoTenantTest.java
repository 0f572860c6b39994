package io.leadflow.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTenantTest {

    @Test
    void savedCredentials_areReadBackOnTheNextStart(@TempDir Path dir) {
        Path file = dir.resolve("nested/demo-tenant.json");
        DemoTenant tenant = new DemoTenant("demo", "lf_sk_abc", "whsec_def", "lf_pk_ghi");

        tenant.save(file);

        assertThat(DemoTenant.load(file)).contains(tenant);
    }

    @Test
    void aFileFromBeforeThereWereTwoKindsOfKey_readsWithoutAPublishableKey(@TempDir Path dir) throws Exception {
        Path old = Files.writeString(dir.resolve("demo-tenant.json"),
                "{\"clientCode\":\"demo\",\"apiKey\":\"lf_abc\",\"webhookSecret\":\"whsec_def\"}");

        assertThat(DemoTenant.load(old)).contains(new DemoTenant("demo", "lf_abc", "whsec_def", null));
    }

    @Test
    void aMissingOrBrokenFile_meansNoCredentials(@TempDir Path dir) throws Exception {
        assertThat(DemoTenant.load(dir.resolve("absent.json"))).isEmpty();

        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        assertThat(DemoTenant.load(broken)).isEmpty();

        Path keyless = Files.writeString(dir.resolve("keyless.json"), "{\"clientCode\":\"demo\"}");
        assertThat(DemoTenant.load(keyless)).isEmpty();
    }
}
