package io.leadflow.api.support;

import io.leadflow.api.LeadflowApiApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** A full API on a random port with the whole engine in-process (Temporal test server + embedded store). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {LeadflowApiApplication.class, EngineTestConfiguration.class})
@ActiveProfiles("it")
public @interface ApiIntegrationTest {
}
