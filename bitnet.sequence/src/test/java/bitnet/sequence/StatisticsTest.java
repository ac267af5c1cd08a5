package bitnet.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.sequence.LengthStats;
import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceOptions;
import bitnet.api.sequence.SequenceStatistics;
import bitnet.api.sequence.TruncationMode;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

class StatisticsTest {
    @Test
    void batchStatisticsCountPaddingAndTruncation() {
        try (HybridMemoryPool pool = HybridMemoryPool.withDefaults()) {
            DefaultSequenceBatcher batcher = new DefaultSequenceBatcher(new PooledTensorFactory(pool));
            List<int[]> seqs = List.of(new int[7], new int[2], new int[3], new int[0]);
            try (SequenceBatch b = batcher.batch(seqs, SequenceOptions.longest().truncate(TruncationMode.RIGHT, 5))) {
                LengthStats s = batcher.stats(b, 2);
                assertEquals(4, s.sequences());
                assertEquals(5 + 2 + 3, s.tokens());
                assertEquals(20, s.paddedSlots());
                assertEquals(0.5, s.paddingRatio(), 1e-12);
                assertEquals(2, s.truncatedTokens());
                assertEquals(0, s.minLength());
                assertEquals(5, s.maxLength());
                assertArrayEquals(new long[] {1, 2, 1}, s.histogram());
                assertEquals(2.5, s.meanLength(), 1e-12);
            }
        }
    }

    @Test
    void streamStatisticsAccumulate() {
        SequenceStatistics s = new Histogram(10);
        assertEquals(0, s.snapshot().sequences());
        assertEquals(0, s.snapshot().histogram().length);
        s.add(3);
        s.add(25);
        s.add(9);
        LengthStats snap = s.snapshot();
        assertArrayEquals(new long[] {2, 0, 1}, snap.histogram());
        assertEquals(37, snap.tokens());
        assertEquals(0, snap.paddingRatio());
        assertEquals(3, snap.minLength());
        assertThrows(IllegalArgumentException.class, () -> s.add(-1));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(0));
    }
}
