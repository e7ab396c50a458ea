package io.hijackwatch.scan;

/**
 * The ids of one provider's most recent events, to recognize the same event delivered twice and the several records
 * of one long-running operation, which sit close together. Bounded: once full, each new id pushes out the oldest, so
 * an id seen long ago may be taken as new again.
 *
 * <p>The ids sit in a ring in arrival order with their hashes beside them, and an open-addressing table of ring
 * positions finds them; adding an id allocates nothing, and a probe compares hashes before it reads an id, which
 * matters at a million events a scan.
 */
final class RecentIds {

    static final int DEFAULT_CAPACITY = 100_000;

    private final String[] ring;
    private final int[] hashes;
    private final int[] table;
    private final int mask;
    private int next;

    RecentIds() {
        this(DEFAULT_CAPACITY);
    }

    RecentIds(int capacity) {
        this.ring = new String[capacity];
        this.hashes = new int[capacity];
        this.table = new int[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2];
        this.mask = table.length - 1;
    }

    /** Whether the id is new among the recent ones; a new id is remembered, a repeated one keeps its place. */
    boolean add(String id) {
        int hash = id.hashCode();
        int home = home(hash);
        for (int i = home; table[i] != 0; i = (i + 1) & mask) {
            int position = table[i] - 1;
            if (hashes[position] == hash && ring[position].equals(id)) {
                return false;
            }
        }
        if (ring[next] != null) {
            remove(next);
        }
        ring[next] = id;
        hashes[next] = hash;
        int i = home;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = next + 1;
        next = next + 1 == ring.length ? 0 : next + 1;
        return true;
    }

    /** Takes the ring position out of the table, moving later entries of its cluster back so that none is lost. */
    private void remove(int position) {
        int hole = home(hashes[position]);
        while (table[hole] != position + 1) {
            hole = (hole + 1) & mask;
        }
        table[hole] = 0;
        for (int i = (hole + 1) & mask; table[i] != 0; i = (i + 1) & mask) {
            int wanted = home(hashes[table[i] - 1]);
            boolean stays = hole <= i ? hole < wanted && wanted <= i : hole < wanted || wanted <= i;
            if (!stays) {
                table[hole] = table[i];
                table[i] = 0;
                hole = i;
            }
        }
    }

    /** The table slot an id's hash starts at; the hashes are spread, as ids often differ in their last characters. */
    private int home(int hash) {
        int spread = hash * 0x9E3779B9;
        return (spread ^ (spread >>> 16)) & mask;
    }
}
