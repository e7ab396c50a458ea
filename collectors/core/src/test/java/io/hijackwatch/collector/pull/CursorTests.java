package io.hijackwatch.collector.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTests {

    @Test
    void writtenCursorReadsBackEqual() {
        Cursor cursor = Cursor.of(2, Map.of("after", "2026-12-01T10:00:00Z", "page", "abc\"def"));

        Cursor read = Cursor.fromJson(cursor.toJson());

        assertThat(read).isEqualTo(cursor);
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.instant("after")).contains(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void missingOrBlankTextIsTheInitialCursor() {
        assertThat(Cursor.fromJson(null).isInitial()).isTrue();
        assertThat(Cursor.fromJson(" ").isInitial()).isTrue();
        assertThat(Cursor.fromJson("{}").isInitial()).isTrue();
    }

    @Test
    void olderCursorWithoutVersionAndWithOtherTypesIsStillRead() {
        Cursor read = Cursor.fromJson("{\"after\":\"2026-12-01T10:00:00Z\",\"count\":12,\"flag\":true,"
                + "\"nested\":{\"a\":1},\"gone\":null}");

        assertThat(read.version()).isEqualTo(1);
        assertThat(read.values())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("after", "2026-12-01T10:00:00Z", "count", "12", "flag", "true"));
    }

    @Test
    void instantThatIsNotOneIsEmpty() {
        assertThat(Cursor.of(1, Map.of("after", "yesterday")).instant("after")).isEmpty();
    }

    @Test
    void textThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> Cursor.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cursor.fromJson("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionIsNotAValue() {
        assertThatThrownBy(() -> Cursor.of(1, Map.of("v", "3"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cursor.of(0, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
