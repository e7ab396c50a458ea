package io.hijackwatch.collector.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.collector.Provider;
import io.hijackwatch.collector.pull.SourceCollectorFactory;
import io.hijackwatch.collector.pull.SourceSetting;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CollectorKindsTests {

    @Test
    void registersBothKindsForTheServiceLoader() {
        List<SourceCollectorFactory> factories = ServiceLoader.load(SourceCollectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(factories).extracting(SourceCollectorFactory::kind).contains("aws-sqs", "aws-lookup-events");
        assertThat(factories).extracting(SourceCollectorFactory::provider).containsOnly(Provider.AWS);
    }

    @Test
    void declaresKeysAsSecretReferencesAndTheRestAsPlainSettings() {
        for (SourceCollectorFactory factory : List.of(new SqsCollectorFactory(), new LookupEventsCollectorFactory())) {
            assertThat(factory.settings())
                    .filteredOn(SourceSetting::secretReference)
                    .extracting(SourceSetting::name)
                    .containsExactlyInAnyOrder("accessKeyId", "secretAccessKey");
            assertThat(factory.settings())
                    .filteredOn(SourceSetting::required)
                    .extracting(SourceSetting::name)
                    .contains("region");
        }
        assertThat(new SqsCollectorFactory().settings())
                .extracting(SourceSetting::name)
                .containsExactly(
                        "queueUrl",
                        "region",
                        "roleArn",
                        "externalId",
                        "accessKeyId",
                        "secretAccessKey",
                        "visibilityTimeout",
                        "waitTimeSeconds");
        assertThat(new LookupEventsCollectorFactory().settings())
                .extracting(SourceSetting::name)
                .containsExactly(
                        "region",
                        "roleArn",
                        "externalId",
                        "accessKeyId",
                        "secretAccessKey",
                        "accountId",
                        "overlap",
                        "initialLookBack");
    }
}
