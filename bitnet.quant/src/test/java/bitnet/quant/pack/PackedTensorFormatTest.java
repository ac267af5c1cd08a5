package bitnet.quant.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;

class PackedTensorFormatTest {
    @ParameterizedTest
    @EnumSource(PackingStrategy.class)
    void encodedSizeIsExactAndTheShapeComesBack(PackingStrategy s) {
        Random r = new Random(s.ordinal());
        for (long[] shape : new long[][] {{}, {0}, {1}, {3, 5}, {2, 130, 7}, {1, 70001}}) {
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            byte[] trits = new byte[n];
            for (int i = 0; i < n; i++) {
                trits[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(3) - 1 : 0);
            }
            byte[] bytes = PackedTensorFormat.encode(s, shape, trits);
            assertEquals(PackedTensorFormat.encodedSize(s, TernaryStats.of(trits, 0, n), shape), bytes.length);
            PackedTensorFormat.Header h = PackedTensorFormat.readHeader(bytes);
            assertEquals(s, h.strategy());
            assertArrayEquals(shape, h.shape());
            assertArrayEquals(trits, PackedTensorFormat.decode(bytes, h));
        }
    }

    @Test
    void headersThatCannotBeReadSayWhy() {
        byte[] good = PackedTensorFormat.encode(PackingStrategy.BIT_PACKED_2BIT, new long[] {4}, new byte[] {1, 0, -1, 1});
        byte[] version = good.clone();
        version[3] = 9;
        assertTrue(assertThrows(QuantizationException.class, () -> PackedTensorFormat.readHeader(version))
                .getMessage().contains("version 9"));
        byte[] strategy = good.clone();
        strategy[4] = 42;
        assertTrue(assertThrows(QuantizationException.class, () -> PackedTensorFormat.readHeader(strategy))
                .getMessage().contains("strategy number 42"));
        assertThrows(QuantizationException.class, () -> PackedTensorFormat.readHeader(new byte[] {'B', 'T'}));
        byte[] huge = {'B', 'T', 'P', 1, 0, 2, (byte) 0xff, (byte) 0xff, 0x7f, (byte) 0xff, (byte) 0xff, 0x7f};
        assertTrue(assertThrows(QuantizationException.class, () -> PackedTensorFormat.readHeader(huge))
                .getMessage().contains("2^31"));
        byte[] shortPayload = java.util.Arrays.copyOf(good, good.length - 1);
        PackedTensorFormat.Header h = PackedTensorFormat.readHeader(shortPayload);
        assertThrows(QuantizationException.class, () -> PackedTensorFormat.decode(shortPayload, h));
    }
}
