package io.hijackwatch.database;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wraps the application's data source so that connections follow the thread's {@link TenantScope}. */
@Configuration(proxyBeanMethods = false)
class TenantScopeConfiguration {

    @Bean
    static BeanPostProcessor tenantScopedDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource && !(bean instanceof TenantScopedDataSource)) {
                    return new TenantScopedDataSource((DataSource) bean);
                }
                return bean;
            }
        };
    }
}
