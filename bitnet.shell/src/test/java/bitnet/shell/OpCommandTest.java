package bitnet.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.numpy.NpyTensorIO;

class OpCommandTest {
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory f = new PooledTensorFactory(pool);
    private final NpyTensorIO io = new NpyTensorIO(f);
    private final DispatchingTensorOps ops = new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), f);
    private final OpCommand command = new OpCommand(ops, io);

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.stats().liveBlocks());
    }

    private String npy(String name, float[] data, long... shape) throws Exception {
        Path p = dir.resolve(name);
        try (Tensor t = f.of(data, shape)) {
            io.writeNpy(p, t);
        }
        return p.toString();
    }

    @Test
    void runsAnOperationOnNpyFilesWithParameters() throws Exception {
        String a = npy("a.npy", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        String out = dir.resolve("out.npy").toString();
        String report = command.op("sum", out, a, "axis=1", "keepdims=true");
        assertTrue(report.contains("F32 [2, 1]"), report);
        try (Tensor r = io.readNpy(Path.of(out))) {
            assertArrayEquals(new float[] {6, 15}, r.toFloatArray(), 0f);
        }
        String b = npy("b.npy", new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        command.op("matmul", out, a, b);
        try (Tensor r = io.readNpy(Path.of(out))) {
            assertArrayEquals(new float[] {4, 5, 10, 11}, r.toFloatArray(), 0f);
        }
    }

    @Test
    void severalResultsGoToNumberedFiles() throws Exception {
        String a = npy("a.npy", new float[] {1, 2, 3, 4}, 4);
        command.op("split", dir.resolve("part.npy").toString(), a, "sections=2");
        assertTrue(Files.exists(dir.resolve("part_0.npy")) && Files.exists(dir.resolve("part_1.npy")));
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        String a = npy("a.npy", new float[] {1}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command.op("sum", dir.resolve("o.npy").toString(), a, "axes=0"));
        assertTrue(e.getMessage().contains("no parameter 'axes'"), e.getMessage());
        assertTrue(command.op().contains("log_softmax"));
    }

    @Test
    void quantizesPacksAndUnpacksThroughFiles() throws Exception {
        float[] w = new float[6 * 40];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        String in = npy("w.npy", w, 6, 40);
        String report = command.op("quantize", dir.resolve("q.npz").toString(), in, "scheme=ternary",
                "granularity=channel");
        assertTrue(report.contains("TERNARY [6, 40] (stored as int8 values)") && report.contains("F32 [6]"), report);
        command.op("quantize", dir.resolve("q.npy").toString(), in, "scheme=ternary");
        String packed = dir.resolve("p.npy").toString();
        assertTrue(command.op("pack_ternary", packed, dir.resolve("q_0.npy").toString(), "strategy=base3_packed")
                .contains("I8 [5"));
        String back = dir.resolve("back.npy").toString();
        command.op("unpack_ternary", back, packed);
        try (Tensor a = io.readNpy(dir.resolve("q_0.npy")); Tensor b = io.readNpy(Path.of(back))) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            assertArrayEquals(new long[] {6, 40}, b.shape());
        }
        command.op("dequantize", dir.resolve("d.npy").toString(), dir.resolve("q_0.npy").toString(),
                dir.resolve("q_1.npy").toString(), "scheme=ternary");
        try (Tensor d = io.readNpy(dir.resolve("d.npy")); Tensor q = io.readNpy(dir.resolve("q_0.npy"));
                Tensor g = io.readNpy(dir.resolve("q_1.npy"))) {
            float gamma = g.toFloatArray()[0];
            float[] qv = q.toFloatArray();
            float[] dv = d.toFloatArray();
            for (int i = 0; i < qv.length; i++) {
                assertEquals(qv[i] * gamma, dv[i], 0f);
            }
        }
        String info = new QuantInfoCommand(ops, io)._main("quant-info", in);
        // 240 weights: 60 bytes of 2-bit codes, 48 of base 3, plus the 8-byte header (magic, version, strategy,
        // rank, two dimensions).
        assertTrue(info.matches("(?s).*bit_packed_2bit\\s+68\\s.*"), info);
        assertTrue(info.matches("(?s).*base3_packed\\s+56\\s.*"), info);
        assertTrue(info.contains("automatic choice: base3_packed"), info);
    }
}
