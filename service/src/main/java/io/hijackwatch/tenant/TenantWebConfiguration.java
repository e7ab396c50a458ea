package io.hijackwatch.tenant;

import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts API key authentication in front of every {@code /api/} endpoint. */
@Configuration(proxyBeanMethods = false)
class TenantWebConfiguration implements WebMvcConfigurer {

    private final ApiKeyAuthentication authentication;

    TenantWebConfiguration(TenantRepository tenants, OperatorKey operatorKey, RateLimits rateLimits, Clock clock) {
        this.authentication = new ApiKeyAuthentication(tenants, operatorKey, rateLimits, clock);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication).addPathPatterns("/api/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(authentication);
    }
}
