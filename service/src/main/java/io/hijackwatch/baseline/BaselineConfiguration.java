package io.hijackwatch.baseline;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BaselineProperties.class)
class BaselineConfiguration {}
