package io.leadflow.worker;

import io.leadflow.shared.sequence.CatalogEntry;
import io.leadflow.shared.sequence.SequenceCatalog;
import io.leadflow.workflows.sequence.SequenceDefinition;
import io.leadflow.workflows.sequence.SequenceRegistry;
import io.leadflow.workflows.sequences.AppointmentReminder;
import io.leadflow.workflows.sequences.LeadNurture;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sequences written in Java: every {@link SequenceDefinition} bean joins the registry that the sequence workflow
 * runs them from (the Temporal starter builds {@code SequenceWorkflowImpl} with it), and is published to the catalog
 * the API reads. Add your own by declaring a bean; the two examples ship with Leadflow.
 */
@Configuration(proxyBeanMethods = false)
public class SequencesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SequencesConfiguration.class);

    @Bean
    AppointmentReminder appointmentReminder() {
        return new AppointmentReminder();
    }

    @Bean
    LeadNurture leadNurture() {
        return new LeadNurture();
    }

    @Bean
    SequenceRegistry sequenceRegistry(List<SequenceDefinition> definitions) {
        return new SequenceRegistry(definitions);
    }

    @Bean
    ApplicationRunner publishSequenceCatalog(SequenceRegistry registry, SequenceCatalog catalog) {
        return args -> {
            catalog.publish(registry.all().stream().map(SequencesConfiguration::entry).toList());
            log.info("published {} code sequence(s): {}", registry.all().size(),
                    registry.all().stream().map(SequenceDefinition::name).toList());
        };
    }

    static CatalogEntry entry(SequenceDefinition definition) {
        return new CatalogEntry(definition.name(), definition.version(), definition.description(), definition.steps(),
                definition.exitOn(), definition.listensTo(), null);
    }
}
