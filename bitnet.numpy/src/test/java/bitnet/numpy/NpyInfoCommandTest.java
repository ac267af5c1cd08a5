package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.io.NpyFormatException;
import bitnet.api.tensor.Tensor;

class NpyInfoCommandTest {
    private final Fixtures fx = new Fixtures();
    private final NpyInfoCommand command = new NpyInfoCommand(fx.io);

    @AfterEach
    void nothingLeaked() {
        fx.assertNoLeak();
    }

    @Test
    void describesANpyFile() throws Exception {
        String out = (String) command.execute(null, List.of(Fixtures.resource("f64_be_fortran_4x3.npy").toString()));
        assertTrue(out.startsWith("f64_be_fortran_4x3.npy  (.npy version 1.0)"), out);
        assertTrue(out.contains("dtype   F64  (descr '>f8')"), out);
        assertTrue(out.contains("shape   (4, 3)  = 12 elements"), out);
        assertTrue(out.contains("order   Fortran (column-major), BIG_ENDIAN"), out);
        assertTrue(out.contains("values  [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, ...]"), out);
    }

    @Test
    void describesEveryArrayOfAnArchive() throws Exception {
        String out = command.info(Fixtures.resource("arrays_compressed.npz").toString());
        assertTrue(out.contains("arrays_compressed.npz/idx.npy"), out);
        assertTrue(out.contains("values  [-500000, -399997, -299994, -199991, -99988]"), out);
        assertTrue(out.contains("shape   (0, 3)  = 0 elements"), out);
        assertTrue(out.contains("values  []"), out);
        assertTrue(out.contains("shape   ()  = 1 elements"), out);
    }

    @Test
    void previewOfAScalarAndOfIntegers() {
        try (Tensor s = fx.factory.full(bitnet.api.tensor.DType.F32, 2.5f); Tensor i = fx.factory.of(new int[] {7, -3}, 2)) {
            assertEquals("[2.5]", NpyInfoCommand.preview(s));
            assertEquals("[7, -3]", NpyInfoCommand.preview(i));
        }
    }

    @Test
    void usageAndMissingFilesAreUserErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> command.execute(null, List.of()));
        assertTrue(e.getMessage().startsWith("usage: bitnet:npy-info FILE"));
        e = assertThrows(IllegalArgumentException.class, () -> command.info("/no/such/file.npy"));
        assertTrue(e.getMessage().contains("no such file"));
        NpyFormatException f = assertThrows(NpyFormatException.class,
                () -> command.info(Fixtures.resource("c8_3.npy").toString()));
        assertTrue(f.getMessage().contains("'<c8'"));
    }
}
