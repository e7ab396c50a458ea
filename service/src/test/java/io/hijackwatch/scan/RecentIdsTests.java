package io.hijackwatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentIdsTests {

    @Test
    void recognizesAnIdSeenAmongTheRecentOnes() {
        RecentIds recent = new RecentIds(3);

        assertThat(recent.add("a")).isTrue();
        assertThat(recent.add("b")).isTrue();
        assertThat(recent.add("a")).isFalse();
        assertThat(recent.add("c")).isTrue();
        assertThat(recent.add("d")).isTrue();

        assertThat(recent.add("a")).as("pushed out by d").isTrue();
        assertThat(recent.add("d")).isFalse();
    }

    @Test
    void answersAsAnInsertionOrderedMapOfTheSameCapacityWhateverTheOrderOfIds() {
        for (int capacity : new int[] {1, 2, 7, 64, 1000}) {
            SplittableRandom random = new SplittableRandom(capacity);
            RecentIds recent = new RecentIds(capacity);
            Map<String, Boolean> model = boundedMap(capacity);

            for (int i = 0; i < 50_000; i++) {
                String id = "id-" + random.nextInt(capacity * 3);

                assertThat(recent.add(id)).as("add %s at step %d", id, i).isEqualTo(model.put(id, true) == null);
            }
        }
    }

    private static Map<String, Boolean> boundedMap(int capacity) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }
}
