package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.io.NpyFormatException;

/** Broken and unsupported files: each read fails with a message naming the file and the fault, leaking nothing. */
class MalformedFilesTest {
    private final Fixtures fx = new Fixtures();
    @TempDir
    Path dir;

    @AfterEach
    void nothingLeaked() {
        fx.assertNoLeak();
    }

    private String failure(Path file) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> fx.io.readNpy(file).close());
        String m = e.getMessage();
        assertTrue(m.startsWith(file.getFileName() + ": "), m);
        return m;
    }

    private String failure(byte[] bytes) throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, bytes);
        String fromFile = failure(file);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> fx.io.readNpy(new ByteArrayInputStream(bytes), "bad.npy").close());
        return fromFile + " | " + e.getMessage();
    }

    private static byte[] npy(String dict, int major) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] out = new byte[8 + lengthBytes + text.length];
        System.arraycopy(NpyHeaders.MAGIC, 0, out, 0, 6);
        out[6] = (byte) major;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, out, 8 + lengthBytes, text.length);
        return out;
    }

    private static byte[] withData(byte[] header, int dataBytes) {
        return Arrays.copyOf(header, header.length + dataBytes);
    }

    @Test
    void truncatedDataSaysHowManyBytesAreMissing() throws IOException {
        byte[] header = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }\n", 1);
        String m = failure(withData(header, 40));
        assertTrue(m.contains("bad.npy: header declares shape (3, 4) = 12 float32 values = 48 bytes but only 40 "
                + "bytes follow"), m);
        byte[] numpyFile = Files.readAllBytes(Fixtures.resource("f32_fortran_3x5x7.npy"));
        m = failure(Arrays.copyOf(numpyFile, numpyFile.length - 3));
        assertTrue(m.contains("105 float32 values = 420 bytes but only 417 bytes follow"), m);
    }

    @Test
    void trailingBytesPointToStreamReading() throws IOException {
        String m = failure(Fixtures.resource("two_arrays.npy"));
        assertTrue(m.contains("bytes follow the array's 16 data bytes") && m.contains("stream"), m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "c8_3.npy ; unsupported dtype '<c8': complex",
        "object_2.npy ; unsupported dtype '|O': object arrays",
        "i64_3.npy ; unsupported dtype '<i8'",
        "u1_3.npy ; unsupported dtype '|u1': unsigned",
        "structured_2.npy ; structured (record) dtypes are not supported",
    })
    void unsupportedDtypesAreNamed(String file, String expected) {
        String m = failure(Fixtures.resource(file));
        assertTrue(m.contains(expected), m);
    }

    @Test
    void badMagicVersionAndLength() throws IOException {
        assertTrue(failure("hello world, no numpy here".getBytes(StandardCharsets.US_ASCII))
                .contains("not a .npy file: it starts with bytes 68 65 6c 6c 6f 20"));
        assertTrue(failure(Files.readAllBytes(Fixtures.resource("arrays.npz"))).contains("zip archive"));
        assertTrue(failure(new byte[0]).contains("file is 0 bytes long"));
        assertTrue(failure(Arrays.copyOf(NpyHeaders.MAGIC, 7)).contains("file is 7 bytes long"));
        byte[] v4 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 1);
        v4[6] = 4;
        assertTrue(failure(v4).contains("unsupported .npy format version 4.0"));
        byte[] v1 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 1);
        v1[7] = 1;
        assertTrue(failure(v1).contains("version 1.1"));
        byte[] shortHeader = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 1);
        assertTrue(failure(Arrays.copyOf(shortHeader, 9)).contains("inside the header length field"));
        assertTrue(failure(Arrays.copyOf(shortHeader, 30)).contains("header length field says 57 bytes but the file "
                + "ends after 20 header bytes"));
        byte[] huge = npy("{}", 2);
        huge[11] = 0x7f;
        assertTrue(failure(huge).contains("the file is corrupt"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', value = {
        "{'descr': '<f4', 'fortran_order': False}; lacks 'shape'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'extra': 1}; unexpected key 'extra'",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}; expected True or False",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}; negative extent",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}; needs a trailing comma",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [3]}; expected a tuple of integers",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4) }garbage; unexpected text after the header dict",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (3,)}; expected ',' or '}' after the value of 'descr'",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}; key 'descr' appears twice",
        "{'descr': '<f4; string is not closed",
        "{'descr': 'float32', 'fortran_order': False, 'shape': (3,)}; unsupported dtype 'float32'",
        "{'descr': '=f4', 'fortran_order': False, 'shape': (3,)}; native byte order",
        "{'descr': '|V2', 'fortran_order': False, 'shape': (3,)}; untyped void data",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999)}; more bytes than a long",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}; is too large",
        "['descr', '<f4']; expected the header to start a dict",
    })
    void malformedHeadersSayWhere(String dict, String expected) throws IOException {
        String m = failure(npy(dict + "\n", 1));
        assertTrue(m.contains(expected), m);
    }

    @Test
    void headerParserAcceptsWhatPythonWouldWrite() {
        HeaderDict d = HeaderDict.parse("{\"shape\": (2L, 3), \"descr\": \"<f4\", \"fortran_order\": True}  \n", "x");
        assertEquals("<f4", d.descr());
        assertTrue(d.fortranOrder());
        assertEquals("[2, 3]", Arrays.toString(d.shape()));
        assertEquals(0, HeaderDict.parse("{'descr':'<f4','fortran_order':False,'shape':()}", "x").shape().length);
    }

    @Test
    void badArchives() throws IOException {
        Path notZip = dir.resolve("plain.npz");
        Files.copy(Fixtures.resource("f32_3x4.npy"), notZip);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> fx.io.readNpz(notZip));
        assertTrue(e.getMessage().startsWith("plain.npz: not a .npz (zip) archive"), e.getMessage());

        e = assertThrows(NpyFormatException.class, () -> fx.io.readNpz(Fixtures.resource("not_only_npy.npz")));
        assertTrue(e.getMessage().contains("x.npy: file is 0 bytes long")
                || e.getMessage().contains("notes.txt: entry is not a .npy array"), e.getMessage());

        e = assertThrows(NpyFormatException.class, () -> fx.io.readNpz(Fixtures.resource("duplicate_entry.npz")));
        assertEquals("duplicate_entry.npz/x.npy: the archive holds two entries of this name", e.getMessage());

        // The second entry is cut short: the first, already read, must be closed again.
        byte[] good = Files.readAllBytes(Fixtures.resource("f32_3x4.npy"));
        Path cut = dir.resolve("cut.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(cut))) {
            zip.putNextEntry(new ZipEntry("a.npy"));
            zip.write(good);
            zip.putNextEntry(new ZipEntry("b.npy"));
            zip.write(good, 0, good.length - 8);
            zip.putNextEntry(new ZipEntry("c.npy"));
            zip.write(good);
        }
        e = assertThrows(NpyFormatException.class, () -> fx.io.readNpz(cut));
        assertTrue(e.getMessage().startsWith("cut.npz/b.npy: header declares shape (3, 4) = 12 float32 values = 48 "
                + "bytes but only 40 bytes follow"), e.getMessage());
    }
}
