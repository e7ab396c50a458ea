package io.hijackwatch.notify;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    @Bean
    DestinationPolicy destinationPolicy(NotificationProperties properties) {
        return DestinationPolicy.of(properties);
    }

    @Bean(destroyMethod = "close")
    ReceiverClient receiverClient(DestinationPolicy policy, NotificationProperties properties) {
        return new ReceiverClient(policy, properties);
    }
}
