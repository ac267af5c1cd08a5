package bitnet.benchmarks.numpy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.numpy.NpyTensorIO;

/**
 * Reading and writing a 1024 x 4096 F32 array (16 MiB) as .npy: little-endian C order (one bulk copy from the
 * mapped file), big-endian (the copy swaps bytes), Fortran order (staged, then rearranged), and writing. The
 * baseline reads the same file into a byte[] with Files.readAllBytes: the cost of the I/O alone. Files sit in
 * the page cache after the first iteration, so this measures copying, not the disk. The write baseline writes
 * the same number of bytes from a byte[] with Files.write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NpyBenchmark {
    static final int ROWS = 1024;
    static final int COLS = 4096;

    /** One file per layout, written once per trial. */
    @State(Scope.Benchmark)
    public static class Files4 {
        @Param({"c-le", "c-be", "fortran-le"})
        public String layout;

        final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
        final PooledTensorFactory factory = new PooledTensorFactory(pool);
        final NpyTensorIO io = new NpyTensorIO(factory);
        Path dir;
        Path file;
        Path out;
        Tensor tensor;
        byte[] bytes;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory("npy-bench");
            file = dir.resolve(layout + ".npy");
            out = dir.resolve("out.npy");
            tensor = factory.rand(DType.F32, 42, ROWS, COLS);
            boolean big = layout.equals("c-be");
            boolean fortran = layout.startsWith("fortran");
            String descr = big ? ">f4" : "<f4";
            String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                    + ", 'shape': (" + ROWS + ", " + COLS + "), }";
            int total = 10 + dict.length() + 1;
            String padded = dict + " ".repeat(64 - total % 64) + "\n";
            float[] v = tensor.toFloatArray();
            ByteBuffer data = ByteBuffer.allocate(v.length * 4).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                // Fortran order stores column by column.
                int at = fortran ? (i % ROWS) * COLS + i / ROWS : i;
                data.putFloat(v[at]);
            }
            try (OutputStream os = Files.newOutputStream(file)) {
                os.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) padded.length(),
                    (byte) (padded.length() >> 8)});
                os.write(padded.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                os.write(data.array());
            }
            bytes = Files.readAllBytes(file);
            try (Tensor check = io.readNpy(file)) {
                if (check.getFloat(3, 7) != tensor.getFloat(3, 7)) {
                    throw new IllegalStateException("benchmark file does not read back");
                }
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            tensor.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
            Files.deleteIfExists(dir);
        }
    }

    @Benchmark
    public float readNpy(Files4 s) throws IOException {
        try (Tensor t = s.io.readNpy(s.file)) {
            return t.getFloat(ROWS - 1, COLS - 1);
        }
    }

    @Benchmark
    public int baselineReadAllBytes(Files4 s) throws IOException {
        return Files.readAllBytes(s.file).length;
    }

    @Benchmark
    public long baselineWriteAllBytes(Files4 s) throws IOException {
        Files.write(s.out, s.bytes);
        return s.bytes.length;
    }

    @Benchmark
    public long writeNpy(Files4 s) throws IOException {
        s.io.writeNpy(s.out, s.tensor);
        return s.out.toFile().length();
    }
}
