package io.hijackwatch.collector.gcp.pull;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegralNumbersTests {

    @Test
    void writesWholeDoublesAsIntegersAndLeavesEverythingElse() {
        String printed =
                "{\"count\":8.0,\"ratio\":0.5,\"text\":\"8.0\",\"huge\":1.0E20,\"list\":[-2.0,true,null],\"n\":3}";

        assertThat(IntegralNumbers.rewrite(printed))
                .isEqualTo(
                        "{\"count\":8,\"ratio\":0.5,\"text\":\"8.0\",\"huge\":1.0E20,\"list\":[-2,true,null],\"n\":3}");
    }
}
