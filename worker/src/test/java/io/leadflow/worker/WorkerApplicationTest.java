package io.leadflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.contracts.temporal.LeadflowSearchAttributes;
import io.leadflow.shared.sequence.CatalogEntry;
import io.leadflow.shared.sequence.SequenceCatalog;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRegistry;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The worker app as configured in application.yml: every listed workflow and activity bean exists and is hosted, and
 * its only web server is the management port (health, Prometheus), with no controllers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "leadflow.mongo.uri=", "leadflow.dev-mode=true"})
class WorkerApplicationTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class SearchAttributes {
        @Bean
        TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> registerSearchAttributes() {
            return builder -> {
                LeadflowSearchAttributes.ALL.forEach(builder::registerSearchAttribute);
                return builder;
            };
        }
    }

    @Autowired
    WorkerFactory workers;

    @Autowired
    ApplicationContext context;

    @Autowired
    SequenceCatalog catalog;

    @Test
    void hostsTheLeadflowTaskQueueWithEveryActivityBeanItNames() {
        assertThat(workers.getWorker("leadflow")).isNotNull();
        for (String bean : new String[] {"eventBookkeeping", "sequenceBookkeeping", "actionActivities",
                "whatsAppActivitiesImpl", "emailActivitiesImpl", "meetActivitiesImpl", "callbackActivitiesImpl"}) {
            assertThat(context.containsBean(bean)).as(bean).isTrue();
        }
        assertThat(context.getBeansWithAnnotation(org.springframework.stereotype.Controller.class).values())
                .as("the worker's web server is for actuator only: it can't serve the public API")
                .noneMatch(controller -> controller.getClass().getName().startsWith("io.leadflow"));
    }

    @LocalServerPort
    int managementPort;

    @Test
    void itsManagementPortServesHealthAndPrometheus_andNothingElse() throws Exception {
        assertThat(get("/actuator/health/liveness")).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}");
        String health = get("/actuator/health");
        assertThat(health).startsWith("200").contains("\"temporal\"").contains("\"mongo\"");
        String metrics = get("/actuator/prometheus");
        assertThat(metrics).startsWith("200")
                .as("the Temporal SDK's own metrics, through the starter").contains("temporal_")
                .contains("application=\"leadflow-worker\"");
        assertThat(get("/api/saas/health")).startsWith("404");
    }

    @Test
    void livenessIsTheProcessAlone_readinessAlsoTemporalAndMongo() {
        var groups = context.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups.class);
        assertThat(List.of("livenessState", "temporal", "mongo")).filteredOn(groups.get("liveness")::isMember)
                .containsExactly("livenessState");
        assertThat(List.of("readinessState", "temporal", "mongo", "diskSpace"))
                .filteredOn(groups.get("readiness")::isMember).containsExactly("readinessState", "temporal", "mongo");
    }

    private String get(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void publishesItsCodeSequencesForTheApi() {
        assertThat(context.getBean(SequenceRegistry.class).all()).extracting(SequenceDefinition::name)
                .containsExactly("appointment-reminder", "lead-nurture");
        assertThat(catalog.all()).extracting(CatalogEntry::name).contains("appointment-reminder", "lead-nurture");
        assertThat(catalog.find("lead-nurture")).hasValueSatisfying(entry -> {
            assertThat(entry.steps()).containsExactly("welcome", "tip", "case-study", "check-in", "done");
            assertThat(entry.exitOn()).containsExactly("lead_replied");
            assertThat(entry.publishedAt()).isNotNull();
        });
    }
}
