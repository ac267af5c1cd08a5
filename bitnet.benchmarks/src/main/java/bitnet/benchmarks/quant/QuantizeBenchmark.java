package bitnet.benchmarks.quant;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import bitnet.quant.ActivationQuantizer;
import bitnet.quant.ActivationQuantizerVector;
import bitnet.quant.HalfPrecision;
import bitnet.quant.Int4Quantizer;
import bitnet.quant.Int4Weights;
import bitnet.quant.Int8Quantizer;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;

/**
 * Quantizer throughput on {@value #TOKENS} x {@value #DIM} floats (the 2B4T hidden size, a 128-token prompt):
 * GB/s = 4 * {@value #TOKENS} * {@value #DIM} bytes of float input / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class QuantizeBenchmark {
    static final int TOKENS = 128;
    static final int DIM = 2560;

    private float[] x;
    private byte[] q;
    private float[] scales;
    private TernaryWeights ternary;
    private Int4Weights int4;
    private short[] half;

    @Setup
    public void setUp() {
        Random rnd = new Random(7);
        x = new float[TOKENS * DIM];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        q = new byte[x.length];
        scales = new float[TOKENS];
        ternary = TernaryQuantizer.quantize(x, TOKENS, DIM);
        int4 = Int4Quantizer.quantize(x, 32);
        half = HalfPrecision.toBf16(x);
    }

    @Benchmark
    public byte[] activationsAbsmaxInt8() {
        ActivationQuantizer.quantize(x, TOKENS, DIM, q, scales);
        return q;
    }

    @Benchmark
    public byte[] activationsAbsmaxInt8Vector() {
        ActivationQuantizerVector.quantize(x, TOKENS, DIM, q, scales);
        return q;
    }

    @Benchmark
    public TernaryWeights weightsTernaryAbsmean() {
        return TernaryQuantizer.quantize(x, TOKENS, DIM);
    }

    @Benchmark
    public float[] weightsTernaryDequantize() {
        return TernaryQuantizer.dequantize(ternary);
    }

    @Benchmark
    public byte[] int8SymmetricDynamic() {
        Int8Quantizer.quantizeDynamic(x, true, q);
        return q;
    }

    @Benchmark
    public Int4Weights int4Group32() {
        return Int4Quantizer.quantize(x, 32);
    }

    @Benchmark
    public float[] int4Dequantize() {
        return Int4Quantizer.dequantize(int4);
    }

    @Benchmark
    public short[] bf16() {
        return HalfPrecision.toBf16(x);
    }

    @Benchmark
    public float[] bf16Dequantize() {
        return HalfPrecision.fromBf16(half);
    }

    @Benchmark
    public short[] fp16() {
        return HalfPrecision.toFp16(x);
    }
}
