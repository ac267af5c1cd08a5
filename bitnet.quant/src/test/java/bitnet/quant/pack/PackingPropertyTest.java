package bitnet.quant.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.TernaryCodec;

class PackingPropertyTest {
    /** Lengths 0..150 and awkward larger ones: around byte, block and varint boundaries. */
    static int[] lengths() {
        int[] extra = {255, 256, 257, 1023, 1024, 1025, 2047, 4097, 16_385, 70_001};
        int[] all = new int[151 + extra.length];
        for (int i = 0; i <= 150; i++) {
            all[i] = i;
        }
        System.arraycopy(extra, 0, all, 151, extra.length);
        return all;
    }

    /** Named kinds of data, each a generator of n trits. */
    static List<byte[]> samples(int n, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        out.add(random(rnd, n, 1.0 / 3));
        out.add(random(rnd, n, 0.9));
        out.add(random(rnd, n, 0.995));
        out.add(new byte[n]);
        byte[] plus = new byte[n];
        Arrays.fill(plus, (byte) 1);
        out.add(plus);
        byte[] minus = new byte[n];
        Arrays.fill(minus, (byte) -1);
        out.add(minus);
        byte[] alternating = new byte[n];
        for (int i = 0; i < n; i++) {
            alternating[i] = (byte) (i % 3 - 1);
        }
        out.add(alternating);
        byte[] runs = new byte[n];
        for (int i = 0, v = -1; i < n; v = v == 1 ? -1 : v + 1) {
            int run = 1 + rnd.nextInt(200);
            for (int j = 0; j < run && i < n; j++) {
                runs[i++] = (byte) v;
            }
        }
        out.add(runs);
        byte[] halfSparse = random(rnd, n, 1.0 / 3);
        Arrays.fill(halfSparse, 0, n / 2, (byte) 0);
        out.add(halfSparse);
        return out;
    }

    static byte[] random(Random rnd, int n, double zeroFraction) {
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextDouble() < zeroFraction ? 0 : (byte) (rnd.nextBoolean() ? 1 : -1);
        }
        return t;
    }

    static List<TernaryCodec> codecs() {
        List<TernaryCodec> all = new ArrayList<>();
        for (PackingStrategy s : PackingStrategy.values()) {
            all.add(Codecs.of(s));
        }
        all.add(new HybridCodec(1));
        all.add(new HybridCodec(7));
        all.add(new HybridCodec(64));
        return all;
    }

    @Test
    void everyStrategyRoundTripsEveryLengthAndKind() {
        for (int n : lengths()) {
            for (byte[] trits : samples(n, n)) {
                for (TernaryCodec codec : codecs()) {
                    PackedTernary packed = codec.pack(trits);
                    assertEquals(n, packed.length());
                    assertEquals(codec.strategy(), packed.strategy());
                    assertArrayEquals(trits, codec.unpack(packed), codec.strategy() + " length " + n);
                    assertArrayEquals(trits, Codecs.unpack(packed), "through Codecs, length " + n);
                }
                PackedTernary auto = Codecs.packAuto(trits);
                assertArrayEquals(trits, Codecs.unpack(auto), "auto " + auto.strategy());
            }
        }
    }

    @Test
    void sparseGapsNeedingMultiByteVarints() {
        byte[] t = new byte[100_000];
        t[0] = -1;
        t[64] = 1;
        t[64 + 8192] = -1;
        t[99_999] = 1;
        for (TernaryCodec codec : codecs()) {
            assertArrayEquals(t, codec.unpack(codec.pack(t)), codec.strategy().toString());
        }
        // gaps 0, 63, 8191, 91742 -> varints of 1, 1, 2 and 3 bytes
        assertEquals(7, Codecs.of(PackingStrategy.COMPRESSED_SPARSE).pack(t).data().length);
    }

    @Test
    void subRangesPackOnlyTheirWeights() {
        byte[] t = random(new Random(2), 300, 0.5);
        for (TernaryCodec codec : codecs()) {
            PackedTernary p = codec.pack(t, 17, 201);
            byte[] out = new byte[250];
            codec.unpack(p, out, 13);
            assertArrayEquals(Arrays.copyOfRange(t, 17, 218), Arrays.copyOfRange(out, 13, 214));
        }
    }

    @Test
    void sizesAreTheDocumentedOnes() {
        byte[] t = random(new Random(9), 1001, 1.0 / 3);
        assertEquals(251, Codecs.of(PackingStrategy.BIT_PACKED_2BIT).pack(t).data().length);
        assertEquals(201, Codecs.of(PackingStrategy.BASE3_PACKED).pack(t).data().length);
        assertEquals(1001, Codecs.of(PackingStrategy.BYTE_ALIGNED).pack(t).data().length);
        assertEquals(2, Codecs.of(PackingStrategy.RUN_LENGTH_ENCODED).pack(new byte[65]).data().length);
        assertEquals(0, Codecs.of(PackingStrategy.COMPRESSED_SPARSE).pack(new byte[65]).data().length);
        // 2-bit: element i at bit 2 * (i % 4), code w + 1
        assertArrayEquals(new byte[] {(byte) 0b00_10_01_00, 0b10},
                Codecs.of(PackingStrategy.BIT_PACKED_2BIT).pack(new byte[] {-1, 0, 1, -1, 1}).data());
        // base 3: 0 + 3 * 1 + 9 * 2 + 27 * 0 + 81 * 2 = 183
        assertArrayEquals(new byte[] {(byte) 183, 1},
                Codecs.of(PackingStrategy.BASE3_PACKED).pack(new byte[] {-1, 0, 1, -1, 1, 0}).data());
    }

    @Test
    void runLengthSparseAndByteAlignedBytesAreTheDocumentedOnes() {
        byte[] t = {0, 0, 1, 1, 1, -1};
        // runs 0 x 2, +1 x 3, -1 x 1 -> (w + 1) << 6 | (run - 1) = 0x41, 0x82, 0x00
        assertArrayEquals(new byte[] {0x41, (byte) 0x82, 0x00},
                Codecs.of(PackingStrategy.RUN_LENGTH_ENCODED).pack(t).data());
        // non-zeros at 2, 3, 4, 5: zeros before each 2, 0, 0, 0 -> (zeros << 1) | negative = 4, 0, 0, 1
        assertArrayEquals(new byte[] {4, 0, 0, 1}, Codecs.of(PackingStrategy.COMPRESSED_SPARSE).pack(t).data());
        assertArrayEquals(t, Codecs.of(PackingStrategy.BYTE_ALIGNED).pack(t).data());
        // 65 zeros: a full run of 64 (0x7f) and a run of 1 (0x40)
        assertArrayEquals(new byte[] {0x7f, 0x40}, Codecs.of(PackingStrategy.RUN_LENGTH_ENCODED).pack(new byte[65])
                .data());
        // a gap of 200 zeros before a -1: (200 << 1) | 1 = 401 = LEB128 0x91 0x03
        byte[] gap = new byte[201];
        gap[200] = -1;
        assertArrayEquals(new byte[] {(byte) 0x91, 0x03}, Codecs.of(PackingStrategy.COMPRESSED_SPARSE).pack(gap)
                .data());
    }

    @Test
    void packedTensorHeaderIsTheDocumentedOne() {
        byte[] bytes = PackedTensorFormat.encode(PackingStrategy.BIT_PACKED_2BIT, new long[] {2, 3},
                new byte[] {0, 0, 1, 1, 1, -1});
        // 'B' 'T' 'P', version 1, strategy ordinal 0, rank 2, dims 2 and 3; codes w + 1 two bits each, element 0
        // lowest: 1 | 1 << 2 | 2 << 4 | 2 << 6 = 0xa5, then 2 | 0 << 2 = 0x02
        assertArrayEquals(new byte[] {'B', 'T', 'P', 1, 0, 2, 2, 3, (byte) 0xa5, 0x02}, bytes);
        // a dimension of 300 takes two varint bytes: 300 = 0xac 0x02
        byte[] wide = PackedTensorFormat.encode(PackingStrategy.BYTE_ALIGNED, new long[] {300}, new byte[300]);
        assertArrayEquals(new byte[] {'B', 'T', 'P', 1, 2, 1, (byte) 0xac, 0x02}, java.util.Arrays.copyOf(wide, 8));
        assertEquals(8 + 300, wide.length);
    }

    @Test
    void hybridRecordsEachBlocksCountAndMixesStrategies() {
        byte[] t = new byte[2500];
        byte[] dense = random(new Random(4), 1024, 1.0 / 3);
        System.arraycopy(dense, 0, t, 1024, 1024);
        t[2499] = 1;
        PackedTernary p = Codecs.of(PackingStrategy.HYBRID).pack(t);
        byte[] d = p.data();
        // block 0 (all zero): sparse, 1024 weights, 0 bytes; block 1: base 3; block 2: 452 weights, sparse
        assertEquals(PackingStrategy.COMPRESSED_SPARSE.ordinal(), d[0]);
        int second = 1 + 2 + 1;
        assertEquals(PackingStrategy.BASE3_PACKED.ordinal(), d[second]);
        assertArrayEquals(t, Codecs.unpack(p));
        assertTrue(p.data().length < 1024 / 5 + 20);
    }

    @Test
    void selectorPicksFromTheStatistics() {
        Random rnd = new Random(5);
        assertEquals(PackingStrategy.BASE3_PACKED, select(random(rnd, 10_000, 1.0 / 3)));
        assertEquals(PackingStrategy.COMPRESSED_SPARSE, select(random(rnd, 10_000, 0.9)));
        assertEquals(PackingStrategy.COMPRESSED_SPARSE, select(new byte[10_000]));
        byte[] mixed = random(rnd, 10_240, 1.0 / 3);
        Arrays.fill(mixed, 0, 5120, (byte) 0);
        assertEquals(PackingStrategy.HYBRID, select(mixed));
        byte[] runs = new byte[10_000];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = (byte) ((i / 100) % 3 - 1);
        }
        assertEquals(PackingStrategy.RUN_LENGTH_ENCODED, select(runs));
        assertEquals(PackingStrategy.BIT_PACKED_2BIT, select(new byte[0]));
        assertEquals(0.9, TernaryStats.of(random(new Random(1), 100_000, 0.9), 0, 100_000).zeroFraction(), 0.01);
    }

    private static PackingStrategy select(byte[] t) {
        return StrategySelector.select(TernaryStats.of(t, 0, t.length));
    }

    @ParameterizedTest
    @EnumSource(PackingStrategy.class)
    void nonTernaryInputIsRejectedWithItsIndex(PackingStrategy s) {
        QuantizationException e = assertThrows(QuantizationException.class,
                () -> Codecs.of(s).pack(new byte[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("index 2"), e.getMessage());
    }

    @Test
    void corruptOrMismatchedDataIsRejected() {
        assertCorrupt(new PackedTernary(PackingStrategy.BIT_PACKED_2BIT, 1, new byte[] {3}));
        assertCorrupt(new PackedTernary(PackingStrategy.BIT_PACKED_2BIT, 9, new byte[2]));
        assertCorrupt(new PackedTernary(PackingStrategy.BASE3_PACKED, 5, new byte[] {(byte) 243}));
        assertCorrupt(new PackedTernary(PackingStrategy.BASE3_PACKED, 1, new byte[] {3}));
        assertCorrupt(new PackedTernary(PackingStrategy.BYTE_ALIGNED, 1, new byte[] {2}));
        assertCorrupt(new PackedTernary(PackingStrategy.RUN_LENGTH_ENCODED, 1, new byte[] {(byte) 0xC0}));
        assertCorrupt(new PackedTernary(PackingStrategy.RUN_LENGTH_ENCODED, 3, new byte[] {5}));
        assertCorrupt(new PackedTernary(PackingStrategy.RUN_LENGTH_ENCODED, 9, new byte[] {5}));
        assertCorrupt(new PackedTernary(PackingStrategy.COMPRESSED_SPARSE, 4, new byte[] {(byte) 0x80}));
        assertCorrupt(new PackedTernary(PackingStrategy.COMPRESSED_SPARSE, 4, new byte[] {8}));
        assertCorrupt(new PackedTernary(PackingStrategy.HYBRID, 4, new byte[] {9, 4, 0}));
        assertCorrupt(new PackedTernary(PackingStrategy.HYBRID, 4, new byte[] {4, 3, 0}));
        assertCorrupt(new PackedTernary(PackingStrategy.HYBRID, 4, new byte[] {4, 5, 0}));
        assertCorrupt(new PackedTernary(PackingStrategy.HYBRID, 4, new byte[] {4, 4, 9}));
        PackedTernary p = Codecs.of(PackingStrategy.BYTE_ALIGNED).pack(new byte[] {1});
        assertThrows(QuantizationException.class, () -> Codecs.of(PackingStrategy.BASE3_PACKED).unpack(p));
        assertThrows(QuantizationException.class, () -> new PackedTernary(PackingStrategy.HYBRID, -1, new byte[0]));
        assertThrows(QuantizationException.class, () -> new HybridCodec(0));
    }

    private static void assertCorrupt(PackedTernary p) {
        QuantizationException e = assertThrows(QuantizationException.class, () -> Codecs.unpack(p));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }
}
