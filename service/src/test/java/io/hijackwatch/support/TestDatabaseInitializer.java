package io.hijackwatch.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a test's Spring context at a fresh database, the way an operator points the service at theirs. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                        "spring.datasource.url=" + TestDatabase.newDatabaseUrl(),
                        "spring.datasource.username=" + TestDatabase.server().username())
                .applyTo(context.getEnvironment());
    }
}
