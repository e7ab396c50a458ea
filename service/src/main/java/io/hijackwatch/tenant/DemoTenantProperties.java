package io.hijackwatch.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo tenant that lets the first README command lead straight to a working API.
 *
 * @param enabled whether to create it; when unset, it is created only when the service runs on its own embedded
 *     database
 * @param apiKey an admin key to accept for it, chosen by the operator (for example in docker-compose); when unset, a
 *     random key is made and printed once, when the tenant is created
 */
@ConfigurationProperties("hijackwatch.demo-tenant")
public record DemoTenantProperties(Boolean enabled, String apiKey) {}
