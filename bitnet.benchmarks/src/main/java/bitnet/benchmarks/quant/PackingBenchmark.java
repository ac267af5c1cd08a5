package bitnet.benchmarks.quant;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;
import bitnet.quant.pack.Codecs;

/**
 * Pack and unpack throughput of each strategy on {@value #WEIGHTS} weights: {@code dense} is absmean-quantized
 * Gaussian weights (about 31 % zeros), {@code sparse} has 90 % zeros. GB/s counts one byte per weight (the
 * byte-aligned size): {@value #WEIGHTS} bytes / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PackingBenchmark {
    static final int WEIGHTS = 1 << 20;

    /** The strategy. */
    @Param({"BIT_PACKED_2BIT", "BASE3_PACKED", "BYTE_ALIGNED", "RUN_LENGTH_ENCODED", "COMPRESSED_SPARSE", "HYBRID"})
    public PackingStrategy strategy;

    /** {@code dense} or {@code sparse}. */
    @Param({"dense", "sparse"})
    public String data;

    private TernaryCodec codec;
    private byte[] trits;
    private PackedTernary packed;
    private byte[] out;

    @Setup
    public void setUp() {
        trits = WeightData.trits(WEIGHTS, data.equals("sparse"), 13);
        codec = Codecs.of(strategy);
        packed = codec.pack(trits);
        out = new byte[WEIGHTS];
    }

    @Benchmark
    public PackedTernary pack() {
        return codec.pack(trits);
    }

    @Benchmark
    public byte[] unpack() {
        codec.unpack(packed, out, 0);
        return out;
    }
}
