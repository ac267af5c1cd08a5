package bitnet.benchmarks.convert;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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

import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.convert.DefaultConversionEngine;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * Conversion of 16M F32 elements (64 MiB, far beyond the caches) per target, strategy and mode, beside a plain
 * 64 MiB memory copy in the same run. GB/s = (source bytes + target bytes) / time. {@code conversion} is
 * {@code TARGET:STRATEGY:MODE}; mode SINK is {@code stream()} with a no-op sink (1 Mi-element chunks), BATCH is
 * {@code convertAll} over 16 tensors of 1M elements. IN_PLACE gets a fresh copy of the source before every call
 * (outside the timing), since it overwrites it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ConversionBenchmark {
    private static final long N = 16L << 20;
    private static final int PARTS = 16;

    @Param({"memcpy", "F16:DIRECT:COPY", "BF16:DIRECT:COPY", "I8:DIRECT:COPY", "TERNARY:DIRECT:COPY",
        "I8:SCALED:COPY", "I8:QUANTIZATION_AWARE:COPY", "TERNARY:QUANTIZATION_AWARE:COPY", "BF16:STOCHASTIC:COPY",
        "F16:STOCHASTIC:COPY", "F32:DIRECT:ZERO_COPY", "F16:DIRECT:IN_PLACE", "F16:DIRECT:STREAMING",
        "F16:DIRECT:SINK", "F16:DIRECT:BATCH"})
    public String conversion;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);
    private final DefaultConversionEngine engine = new DefaultConversionEngine(factory);
    private Tensor source;
    private Tensor scratch;
    private Tensor copyTarget;
    private final List<Tensor> parts = new ArrayList<>();
    private DType target;
    private ConversionOptions options;
    private String mode;

    @Setup(Level.Trial)
    public void setUp() {
        source = factory.randn(DType.F32, 1, N);
        if (conversion.equals("memcpy")) {
            copyTarget = factory.empty(DType.F32, N);
            return;
        }
        String[] p = conversion.split(":");
        target = DType.valueOf(p[0]);
        mode = p[2];
        ConversionMode m = switch (mode) {
            case "SINK", "BATCH" -> ConversionMode.COPY;
            default -> ConversionMode.valueOf(mode);
        };
        options = ConversionOptions.of(ConversionStrategy.valueOf(p[1])).withMode(m).withChunk(1L << 20);
        if (mode.equals("IN_PLACE")) {
            scratch = factory.empty(DType.F32, N);
        }
        if (mode.equals("BATCH")) {
            for (int i = 0; i < PARTS; i++) {
                parts.add(factory.randn(DType.F32, i, N / PARTS));
            }
        }
    }

    @Setup(Level.Invocation)
    public void refresh() {
        if (scratch != null) {
            MemorySegment.copy(source.segment(), 0, scratch.segment(), 0, N * 4);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.close();
        if (copyTarget != null) {
            copyTarget.close();
        }
        if (scratch != null) {
            scratch.close();
        }
        parts.forEach(Tensor::close);
        pool.close();
    }

    @Benchmark
    public long convert() {
        switch (mode == null ? "memcpy" : mode) {
            case "memcpy" -> {
                MemorySegment.copy(source.segment(), 0, copyTarget.segment(), 0, N * 4);
                return N;
            }
            case "SINK" -> {
                return engine.stream(source, target, options, (chunk, first) -> { }).bytesOut();
            }
            case "BATCH" -> {
                long bytes = 0;
                for (ConversionResult r : engine.convertAll(parts, target, options)) {
                    bytes += r.bytesOut();
                    r.close();
                }
                return bytes;
            }
            case "IN_PLACE" -> {
                try (ConversionResult r = engine.convert(scratch, target, options)) {
                    return r.bytesOut();
                }
            }
            default -> {
                try (ConversionResult r = engine.convert(source, target, options)) {
                    return r.bytesOut();
                }
            }
        }
    }
}
