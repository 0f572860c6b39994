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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/** The worker app as configured in application.yml: every listed workflow and activity bean exists and is hosted. */
@SpringBootTest(properties = {"spring.temporal.test-server.enabled=true", "leadflow.mongo.uri=", "leadflow.dev-mode=true"})
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
        assertThat(org.springframework.util.ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", null))
                .as("the worker has no web stack, so it can't serve the public API").isFalse();
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
