package bitnet.backend.simd;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import bitnet.api.backend.ComputeBackend;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.linalg.DispatchingLinearAlgebra;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** Tensors from and to {@code double[]}, seeded matrices, and the service over one backend, for the linalg tests. */
final class LinalgFixture {
    static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    private LinalgFixture() {
    }

    /** The service with exactly one backend behind the dispatcher, so every call runs there or fails. */
    static DispatchingLinearAlgebra service(ComputeBackend b) {
        return new DispatchingLinearAlgebra(new RankedDispatcher(() -> List.of(new Registration(b, 50, 1))), F);
    }

    static Tensor tensor(DType dtype, double[] values, long... shape) {
        Tensor t = F.empty(dtype, shape);
        MemorySegment s = t.segment();
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.F64) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, t.offset() + i, values[i]);
            } else {
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, t.offset() + i, (float) values[i]);
            }
        }
        return t;
    }

    static double[] values(Tensor t) {
        try (Tensor c = t.contiguous()) {
            double[] v = new double[Math.toIntExact(c.size())];
            MemorySegment s = c.segment();
            for (int i = 0; i < v.length; i++) {
                v[i] = c.dtype() == DType.F64 ? s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, c.offset() + i)
                        : s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, c.offset() + i);
            }
            return v;
        }
    }

    /** Seeded values rounded to float, so F32 and F64 tensors hold the same matrix. */
    static double[] random(int count, long seed) {
        Random r = new Random(seed);
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** {@code count} stacked n x n SPD matrices G G^T + n I. */
    static double[] spd(int count, int n, long seed) {
        double[] out = new double[count * n * n];
        for (int b = 0; b < count; b++) {
            double[] g = random(n * n, seed + b);
            double[] a = multiply(g, n, n, transpose(g, n, n), n);
            for (int i = 0; i < n; i++) {
                a[i * n + i] += n;
            }
            for (int i = 0; i < a.length; i++) {
                out[b * n * n + i] = (float) a[i];
            }
        }
        return out;
    }

    static double[] symmetric(int n, long seed) {
        double[] g = random(n * n, seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = g[i * n + j] + g[j * n + i];
            }
        }
        return a;
    }

    static double[] matrix(double[] stack, int index, int rows, int cols) {
        return java.util.Arrays.copyOfRange(stack, index * rows * cols, (index + 1) * rows * cols);
    }

    static double[] multiply(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    /** @return ||a - b||_F / max(||a||_F, 1) */
    static double relError(double[] a, double[] b) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            s += a[i] * a[i];
        }
        return Math.sqrt(d) / Math.max(Math.sqrt(s), 1);
    }

    /** A golden file of bitnet.linalg (NumPy results, see its gen_golden.py): named row-major blocks. */
    static Map<String, double[]> golden(String name) {
        Path file = Path.of(System.getProperty("bitnet.linalg.golden"), name + ".txt");
        try {
            List<String> lines = Files.readAllLines(file);
            Map<String, double[]> blocks = new HashMap<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] h = lines.get(i).trim().split(" ");
                int size = Integer.parseInt(h[1]) * Integer.parseInt(h[2]);
                double[] v = new double[size];
                String[] parts = lines.get(i + 1).trim().split(" ");
                for (int j = 0; j < size; j++) {
                    v[j] = Double.parseDouble(parts[j]);
                }
                blocks.put(h[0], v);
            }
            return blocks;
        } catch (IOException e) {
            throw new IllegalStateException("golden file " + file + " unreadable", e);
        }
    }

    /** Tensors to close after a test. */
    static final class Open implements AutoCloseable {
        private final List<AutoCloseable> items = new ArrayList<>();

        <T extends AutoCloseable> T keep(T t) {
            items.add(t);
            return t;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : items) {
                c.close();
            }
            items.clear();
        }
    }
}
