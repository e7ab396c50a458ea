package io.hijackwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void readsCloudTrailTimestampWithZ() {
        Instant time = Timestamps.parse("2024-12-16T18:41:07Z");

        assertThat(time).isEqualTo(Instant.parse("2024-12-16T18:41:07Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-12-16T18:41:07+01:00, 2024-12-16T17:41:07Z",
        "2024-12-16T18:41:07-05:30, 2024-12-17T00:11:07Z",
        "2024-12-16T18:41:07+00:00, 2024-12-16T18:41:07Z",
        "2024-12-16T18:41:07-00:00, 2024-12-16T18:41:07Z",
        "2024-12-16T01:00:00+14:00, 2024-12-15T11:00:00Z",
        "2024-12-16T18:41:07.250+18:00, 2024-12-16T00:41:07.250Z",
        "2024-01-01T00:30:00+01:00, 2023-12-31T23:30:00Z"
    })
    void convertsOffsetsToTheSameInstant(String text, String expected) {
        Instant time = Timestamps.parse(text);

        assertThat(time).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-12-16T18:41:07.1Z, 100000000",
        "2024-12-16T18:41:07.12Z, 120000000",
        "2024-12-16T18:41:07.123Z, 123000000",
        "2024-12-16T18:41:07.123456Z, 123456000",
        "2024-12-16T18:41:07.12345678Z, 123456780",
        "2024-12-16T18:41:07.123456789Z, 123456789",
        "2024-12-16T18:41:07.000000001Z, 1",
        "2024-12-16T18:41:07.123456789+02:00, 123456789"
    })
    void keepsFractionsUpToNanoseconds(String text, int expectedNanos) {
        Instant time = Timestamps.parse(text);

        assertThat(time.getNano()).isEqualTo(expectedNanos);
    }

    @Test
    void readsExportToolShapeWithSpaceAndNoZoneAsUtc() {
        Instant time = Timestamps.parse("2024-12-16 18:41:07.000000000");

        assertThat(time).isEqualTo(Instant.parse("2024-12-16T18:41:07Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-12-16 18:41:07, 2024-12-16T18:41:07Z",
        "2024-12-16T18:41:07, 2024-12-16T18:41:07Z",
        "2024-12-16 18:41:07.5, 2024-12-16T18:41:07.500Z",
        "2024-12-16t18:41:07z, 2024-12-16T18:41:07Z",
        "2024-12-16 18:41:07+01:00, 2024-12-16T17:41:07Z"
    })
    void readsLenientVariantsOfTheCommonShape(String text, String expected) {
        Instant time = Timestamps.parse(text);

        assertThat(time).isEqualTo(Instant.parse(expected));
    }

    @Test
    void readsLeapDay() {
        Instant time = Timestamps.parse("2024-02-29T23:59:59Z");

        assertThat(time).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    }

    @Test
    void fallsBackToIsoForShapesOutsideTheFastPath() {
        Instant time = Timestamps.parse("2024-12-16T18:41Z");

        assertThat(time).isEqualTo(Instant.parse("2024-12-16T18:41:00Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-13-01T00:00:00Z",
                "2024-00-10T00:00:00Z",
                "2024-02-30T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "2024-04-31 10:00:00",
                "2024-12-32T00:00:00Z",
                "2024-12-16T24:00:00Z",
                "2024-12-16T23:60:00Z",
                "2024-12-16T23:59:60Z"
            })
    void rejectsDatesAndTimesThatDoNotExist(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("not a timestamp: '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-12-16T18:41:07+19:00", "2024-12-16T18:41:07+01:60", "2024-12-16T18:41:07-99:99"})
    void rejectsOffsetsNoZoneCanHave(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage",
                "2024-12-16",
                "1734374467",
                "1734374467000",
                "Dec 16, 2024, 6:41:07 PM",
                "2024-12-16T18:41:07Zjunk",
                "2024-12-16X18:41:07Z",
                "2024/12/16T18:41:07Z",
                "2024-12-16T18:41:07+0100",
                "2024-1a-16T18:41:07Z",
                "2024-12-16T18:41:07 Z",
                "  2024-12-16T18:41:07Z"
            })
    void rejectsTextThatIsNotATimestamp(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text))
                .isInstanceOf(DateTimeException.class)
                .hasMessageStartingWith("not a timestamp: '");
    }

    @Test
    void abbreviatesLongGarbageInTheMessage() {
        String text = "x".repeat(200);

        assertThatThrownBy(() -> Timestamps.parse(text))
                .isInstanceOf(DateTimeException.class)
                .hasMessage("not a timestamp: '" + "x".repeat(64) + "...'");
    }
}
