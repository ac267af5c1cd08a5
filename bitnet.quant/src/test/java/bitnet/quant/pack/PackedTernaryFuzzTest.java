package bitnet.quant.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.quant.PackingStrategy;
import bitnet.testsupport.FuzzContract;

/**
 * Fuzzes the packed-ternary format reader ({@link PackedTensorFormat}: the header, then the payload through each
 * strategy's codec), the bytes {@code unpack_ternary} reads. The contract of {@link FuzzContract} (a
 * QuantizationException or the weights), plus: the weights number the header's elements, each is -1, 0 or +1, and
 * packing them again with the same strategy reads back the same. Heap: a failed read allocates in proportion to
 * the input, a successful one also the weights it returns. Sparse and hybrid payloads may rightly stand for 2^31
 * zero weights in a few bytes, so above {@link #CAP} weights those two are not decoded (a caller's pool budget
 * applies there); the other strategies hold at most 64 weights a byte and are always decoded.
 * Seeds: the packers' output for every strategy on a few shapes; found inputs are in
 * {@code PackedTernaryFuzzTestInputs/fuzz}.
 */
class PackedTernaryFuzzTest {
    static final int CAP = 1 << 22;
    private static final Set<PackingStrategy> UNBOUNDED = Set.of(PackingStrategy.COMPRESSED_SPARSE,
            PackingStrategy.HYBRID);
    private static final long HEAP_PER_BYTE = 16;

    static Stream<byte[]> seeds() {
        Random random = new Random(16);
        long[][] shapes = {{0}, {5}, {3, 7}, {2, 3, 41}, {1, 300}};
        return Stream.of(PackingStrategy.values()).flatMap(s -> Stream.of(shapes).map(shape -> {
            int n = Math.toIntExact(elements(shape));
            byte[] trits = new byte[n];
            for (int i = 0; i < n; i++) {
                trits[i] = (byte) (random.nextInt(5) == 0 ? random.nextInt(3) - 1 : 0);
            }
            return PackedTensorFormat.encode(s, shape, trits);
        }));
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) {
        decodes(bytes);
    }

    /** The packers' output reads back: the fuzzer starts from valid tensors of every strategy. */
    @Test
    void seedsDecode() {
        for (byte[] seed : seeds().toList()) {
            assertTrue(decodes(seed), "a seed does not decode");
        }
    }

    /** @return whether the bytes decoded */
    private static boolean decodes(byte[] bytes) {
        PackedTensorFormat.Header[] header = new PackedTensorFormat.Header[1];
        if (!FuzzContract.holds(bytes.length, HEAP_PER_BYTE,
                () -> header[0] = PackedTensorFormat.readHeader(bytes))) {
            return false;
        }
        PackedTensorFormat.Header h = header[0];
        long elements = elements(h.shape());
        if (UNBOUNDED.contains(h.strategy()) && elements > CAP) {
            return false;
        }
        // Decoded, packed again and decoded again: three arrays of the weights, and the packed copy.
        return FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> 4 * elements, () -> {
            byte[] trits = PackedTensorFormat.decode(bytes, h);
            assertEquals(elements, trits.length, "weights read");
            for (int i = 0; i < trits.length; i++) {
                if (trits[i] < -1 || trits[i] > 1) {
                    fail("weight " + trits[i] + " at " + i + " is not ternary");
                }
            }
            byte[] again = PackedTensorFormat.encode(h.strategy(), h.shape(), trits);
            assertArrayEquals(trits, PackedTensorFormat.decode(again, PackedTensorFormat.readHeader(again)),
                    "packing the weights again reads back otherwise");
        });
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
