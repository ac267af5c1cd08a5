package bitnet.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import bitnet.api.sequence.PadTo;
import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceException;
import bitnet.api.sequence.SequenceOptions;
import bitnet.api.sequence.TruncationMode;
import bitnet.api.tensor.Tensor;
import bitnet.api.tokenizer.Direction;
import bitnet.api.tokenizer.Encoding;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

class SequenceBatcherTest {
    private static final int EOS = 2;
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final DefaultSequenceBatcher batcher = new DefaultSequenceBatcher(new PooledTensorFactory(pool));

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.stats().bytesInUse(), "every batch tensor was closed");
        pool.close();
    }

    private static int[] ints(Tensor t) {
        float[] f = t.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
        }
        return out;
    }

    @Test
    void maskComesFromLengthsEvenWhenPadEqualsEos() {
        SequenceOptions o = SequenceOptions.longest().pad(Direction.RIGHT, EOS);
        try (SequenceBatch b = batcher.batch(List.of(new int[] {5, 6, EOS}, new int[] {7, EOS}), o)) {
            assertArrayEquals(new int[] {5, 6, EOS, 7, EOS, EOS}, ints(b.inputIds()));
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0}, ints(b.attentionMask()));
            assertArrayEquals(new int[] {0, 1, 2, 0, 1, 0}, ints(b.positionIds()));
            assertArrayEquals(new int[] {3, 2}, b.lengths());
        }
    }

    @Test
    void leftPaddingShiftsTokensAndPositions() {
        SequenceOptions o = SequenceOptions.longest().pad(Direction.LEFT, EOS);
        try (SequenceBatch b = batcher.batch(List.of(new int[] {5, 6, EOS}, new int[] {EOS}), o)) {
            assertArrayEquals(new int[] {5, 6, EOS, EOS, EOS, EOS}, ints(b.inputIds()));
            assertArrayEquals(new int[] {1, 1, 1, 0, 0, 1}, ints(b.attentionMask()));
            assertArrayEquals(new int[] {0, 1, 2, 0, 0, 0}, ints(b.positionIds()));
            assertEquals(2, b.start(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void causalMaskIsCombinedWithPadding(Direction side) {
        SequenceOptions o = SequenceOptions.longest().pad(side, 0);
        try (SequenceBatch b = batcher.batch(List.of(new int[] {1, 2, 3}, new int[] {4, 5}), o);
                Tensor m = batcher.causalMask(b)) {
            assertArrayEquals(new long[] {2, 3, 3}, m.shape());
            int[] row0 = {1, 0, 0, 1, 1, 0, 1, 1, 1};
            int[] row1 = side == Direction.RIGHT ? new int[] {1, 0, 0, 1, 1, 0, 1, 1, 0}
                    : new int[] {0, 0, 0, 0, 1, 0, 0, 1, 1};
            int[] all = ints(m);
            assertArrayEquals(row0, java.util.Arrays.copyOfRange(all, 0, 9));
            assertArrayEquals(row1, java.util.Arrays.copyOfRange(all, 9, 18));
        }
    }

    @Test
    void paddingStrategiesChooseTheLength() {
        List<int[]> seqs = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {1}, new int[0]);
        try (SequenceBatch longest = batcher.batch(seqs, SequenceOptions.longest());
                SequenceBatch fixed = batcher.batch(seqs, SequenceOptions.longest().padTo(PadTo.FIXED, 9));
                SequenceBatch max = batcher.batch(seqs, SequenceOptions.longest().padTo(PadTo.MAX_LENGTH, 6));
                SequenceBatch multiple = batcher.batch(seqs, SequenceOptions.longest().padTo(PadTo.MULTIPLE_OF, 4))) {
            assertEquals(5, longest.length());
            assertEquals(9, fixed.length());
            assertEquals(6, max.length());
            assertEquals(8, multiple.length());
            assertArrayEquals(new long[] {3, 8}, multiple.inputIds().shape());
            assertArrayEquals(new int[] {5, 1, 0}, multiple.lengths());
        }
    }

    @Test
    void emptyBatchAndOddLengths() {
        try (SequenceBatch none = batcher.batch(List.of(), SequenceOptions.longest());
                SequenceBatch one = batcher.batch(List.of(new int[] {9}), SequenceOptions.longest()
                        .padTo(PadTo.MULTIPLE_OF, 3))) {
            assertArrayEquals(new long[] {0, 0}, none.inputIds().shape());
            assertArrayEquals(new int[] {9, 0, 0}, ints(one.inputIds()));
        }
    }

    @Test
    void tooLongWithoutTruncationIsAnError() {
        SequenceException e = assertThrows(SequenceException.class, () -> batcher.batch(
                List.of(new int[] {1, 2, 3}), SequenceOptions.longest().padTo(PadTo.FIXED, 2)));
        assertTrue(e.getMessage().contains("row 0 has 3 tokens"), e.getMessage());
        assertThrows(SequenceException.class, () -> SequenceOptions.longest().truncate(TruncationMode.RIGHT, 0));
        assertThrows(SequenceException.class, () -> SequenceOptions.longest().padTo(PadTo.MULTIPLE_OF, 0));
    }

    @Test
    void truncationLeftRightAndConditional() {
        int[] s = {101, 1, 2, 3, 4, 5, 102};
        List<int[]> seqs = List.of(s, new int[] {101, 9, 102});
        SequenceOptions base = SequenceOptions.longest();
        try (SequenceBatch left = batcher.batch(seqs, base.truncate(TruncationMode.LEFT, 4));
                SequenceBatch right = batcher.batch(seqs, base.truncate(TruncationMode.RIGHT, 4));
                SequenceBatch cond = batcher.batch(seqs, base.truncate(TruncationMode.CONDITIONAL, 4).specials(1, 1))) {
            assertArrayEquals(new int[] {3, 4, 5, 102, 101, 9, 102, 0}, ints(left.inputIds()));
            assertArrayEquals(new int[] {101, 1, 2, 3, 101, 9, 102, 0}, ints(right.inputIds()));
            assertArrayEquals(new int[] {101, 1, 2, 102, 101, 9, 102, 0}, ints(cond.inputIds()));
            assertEquals(3, cond.truncatedTokens());
        }
    }

    @Test
    void conditionalTruncationOfEncodingsKeepsTheirSpecialTokens() {
        Encoding e = encoding(new int[] {101, 7, 8, 9, 102, 103}, new int[] {1, 0, 0, 0, 1, 1});
        Encoding shortOne = encoding(new int[] {101, 7, 102}, new int[] {1, 0, 1});
        try (SequenceBatch b = batcher.batchEncodings(List.of(e, shortOne),
                SequenceOptions.longest().truncate(TruncationMode.CONDITIONAL, 4))) {
            assertArrayEquals(new int[] {101, 7, 102, 103, 101, 7, 102, 0}, ints(b.inputIds()));
        }
        assertThrows(SequenceException.class, () -> batcher.batchEncodings(List.of(e),
                SequenceOptions.longest().truncate(TruncationMode.CONDITIONAL, 2)));
    }

    private static Encoding encoding(int[] ids, int[] special) {
        int n = ids.length;
        return new Encoding(ids, new String[n], new int[n], new int[n], new int[n], special, filled(n));
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    @Test
    void longestFirstShortensTheLongerPartOfAPair() {
        List<int[]> a = List.of(new int[] {1, 2, 3, 4, 5, 6}, new int[] {1, 2}, new int[] {1, 2, 3});
        List<int[]> b = List.of(new int[] {7, 8}, new int[] {7, 8, 9, 10, 11}, new int[] {7, 8, 9});
        try (SequenceBatch p = batcher.batchPairs(a, b, SequenceOptions.longest()
                .truncate(TruncationMode.LONGEST_FIRST, 5))) {
            assertArrayEquals(new int[] {1, 2, 3, 7, 8, 1, 2, 7, 8, 9, 1, 2, 3, 7, 8}, ints(p.inputIds()));
            assertEquals(3 + 2 + 1, p.truncatedTokens());
        }
        assertThrows(SequenceException.class, () -> batcher.batchPairs(a, List.of(), SequenceOptions.longest()));
    }

    @Test
    void pairsWithoutTruncationAreConcatenated() {
        try (SequenceBatch p = batcher.batchPairs(List.of(new int[] {1}), List.of(new int[] {2, 3}),
                SequenceOptions.longest().pad(Direction.LEFT, 0).padTo(PadTo.FIXED, 4))) {
            assertArrayEquals(new int[] {0, 1, 2, 3}, ints(p.inputIds()));
            assertArrayEquals(new int[] {0, 0, 1, 2}, ints(p.positionIds()));
        }
    }

    @Test
    void windowsClosedFormMatchesOneTokenAtATime() {
        for (int a = 0; a < 12; a++) {
            for (int b = 0; b < 12; b++) {
                for (int max = 0; max < 25; max++) {
                    int x = a;
                    int y = b;
                    while (x + y > max) {
                        if (x > y) {
                            x--;
                        } else {
                            y--;
                        }
                    }
                    assertArrayEquals(new int[] {x, y}, Windows.longestFirst(a, b, max), a + "," + b + "," + max);
                }
            }
        }
    }
}
