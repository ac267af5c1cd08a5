package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.quant.ElementCodec;

/**
 * Reference kernels of the transformer operations, as {@link OpCall.Embedding}, {@link OpCall.Rope},
 * {@link OpCall.Attention} and {@link OpCall.Linear} define them: elements read through the platform's codec (any
 * stored dtype), every sum and the softmax in double, results rounded once to F32. Operands are contiguous (the
 * caller made them so); outputs are written completely.
 */
final class TransformerKernels {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;

    private TransformerKernels() {
    }

    static void embedding(OpCall.Embedding c) {
        Tensor table = c.table();
        long width = table.dim(1);
        MemorySegment t = table.segment();
        MemorySegment ids = c.ids().segment();
        MemorySegment out = c.output().segment();
        long n = c.ids().size();
        for (long i = 0; i < n; i++) {
            long row = ids.getAtIndex(I, c.ids().offset() + i);
            long from = table.offset() + row * width;
            long to = c.output().offset() + i * width;
            for (long j = 0; j < width; j++) {
                out.setAtIndex(F, to + j, (float) ElementCodec.get(t, table.dtype(), from + j));
            }
        }
    }

    static void rope(OpCall.Rope c) {
        long[] shape = c.input().shape();
        long n = shape[0];
        long heads = shape[1];
        int d = (int) shape[2];
        int half = d / 2;
        MemorySegment x = c.input().segment();
        MemorySegment pos = c.positions().segment();
        MemorySegment out = c.output().segment();
        double[] cos = new double[half];
        double[] sin = new double[half];
        for (long t = 0; t < n; t++) {
            long p = pos.getAtIndex(I, c.positions().offset() + t);
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(c.theta(), -2.0 * i / d);
                cos[i] = Math.cos(angle);
                sin[i] = Math.sin(angle);
            }
            for (long h = 0; h < heads; h++) {
                long in = c.input().offset() + (t * heads + h) * d;
                long o = c.output().offset() + (t * heads + h) * d;
                for (int i = 0; i < half; i++) {
                    double a = x.getAtIndex(F, in + i);
                    double b = x.getAtIndex(F, in + i + half);
                    out.setAtIndex(F, o + i, (float) (a * cos[i] - b * sin[i]));
                    out.setAtIndex(F, o + i + half, (float) (b * cos[i] + a * sin[i]));
                }
            }
        }
    }

    static void attention(OpCall.Attention c) {
        long[] qs = c.query().shape();
        int n = (int) qs[0];
        int heads = (int) qs[1];
        int d = (int) qs[2];
        int kvHeads = (int) c.keys().dim(1);
        int group = heads / kvHeads;
        DType cache = c.keys().dtype();
        MemorySegment q = c.query().segment();
        MemorySegment k = c.keys().segment();
        MemorySegment v = c.values().segment();
        MemorySegment out = c.output().segment();
        double[] scores = new double[c.start() + n];
        double[] acc = new double[d];
        for (int t = 0; t < n; t++) {
            int visible = c.start() + t + 1;
            for (int h = 0; h < heads; h++) {
                int kv = h / group;
                long qBase = c.query().offset() + ((long) t * heads + h) * d;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    long kBase = c.keys().offset() + ((long) j * kvHeads + kv) * d;
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += (double) q.getAtIndex(F, qBase + i) * ElementCodec.get(k, cache, kBase + i);
                    }
                    scores[j] = dot * c.scale();
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                java.util.Arrays.fill(acc, 0);
                for (int j = 0; j < visible; j++) {
                    double w = scores[j] / sum;
                    long vBase = c.values().offset() + ((long) j * kvHeads + kv) * d;
                    for (int i = 0; i < d; i++) {
                        acc[i] += w * ElementCodec.get(v, cache, vBase + i);
                    }
                }
                long o = c.output().offset() + ((long) t * heads + h) * d;
                for (int i = 0; i < d; i++) {
                    out.setAtIndex(F, o + i, (float) acc[i]);
                }
            }
        }
    }

    static void linear(OpCall.Linear c) {
        Tensor w = c.weights();
        long rows = w.dim(0);
        long in = w.dim(1);
        long n = c.input().dim(0);
        MemorySegment ws = w.segment();
        MemorySegment x = c.input().segment();
        MemorySegment out = c.output().segment();
        double[] xs = new double[(int) in];
        for (long t = 0; t < n; t++) {
            for (int i = 0; i < in; i++) {
                xs[i] = x.getAtIndex(F, c.input().offset() + t * in + i);
            }
            for (long r = 0; r < rows; r++) {
                long base = w.offset() + r * in;
                double dot = 0;
                for (int i = 0; i < in; i++) {
                    dot += xs[i] * ElementCodec.get(ws, w.dtype(), base + i);
                }
                if (c.scales() != null) {
                    dot *= c.scales().segment().getAtIndex(F, c.scales().offset() + r);
                }
                out.setAtIndex(F, c.output().offset() + t * rows + r, (float) dot);
            }
        }
    }
}
