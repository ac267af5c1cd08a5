package bitnet.sequence;

import java.util.Arrays;

import bitnet.api.sequence.LengthStats;
import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceStatistics;

/** The stream accumulator; one lock, since adds are short and rare next to the batching they describe. */
final class Histogram implements SequenceStatistics {
    private final int bucketWidth;
    private long[] buckets = new long[8];
    private long sequences;
    private long tokens;
    private long slots;
    private long truncated;
    private int min = Integer.MAX_VALUE;
    private int max;

    Histogram(int bucketWidth) {
        if (bucketWidth < 1) {
            throw new IllegalArgumentException("histogram bucket width must be at least 1, was " + bucketWidth);
        }
        this.bucketWidth = bucketWidth;
    }

    @Override
    public synchronized void add(int length) {
        count(length);
        slots += length;
    }

    private void count(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("a sequence length must not be negative, was " + length);
        }
        int k = length / bucketWidth;
        if (k >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(k + 1, buckets.length * 2));
        }
        buckets[k]++;
        sequences++;
        tokens += length;
        min = Math.min(min, length);
        max = Math.max(max, length);
    }

    @Override
    public synchronized void add(SequenceBatch batch) {
        for (int n : batch.lengths()) {
            count(n);
        }
        slots += (long) batch.size() * batch.length();
        truncated += batch.truncatedTokens();
    }

    @Override
    public synchronized LengthStats snapshot() {
        int used = sequences == 0 ? 0 : max / bucketWidth + 1;
        return new LengthStats(sequences, tokens, slots, truncated, sequences == 0 ? 0 : min, max, bucketWidth,
                Arrays.copyOf(buckets, used));
    }
}
