package io.hijackwatch.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port, on its own database in the shared test PostgreSQL. No part of the service is
 * replaced; the poller of pull sources is off unless a test turns it on.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "hijackwatch.demo-tenant.enabled=false",
            "hijackwatch.rate-limit.api-per-minute=600000",
            "hijackwatch.rate-limit.ingest-per-minute=600000",
            "hijackwatch.sources.enabled=false"
        })
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public @interface ServiceTest {}
