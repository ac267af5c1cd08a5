package bitnet.benchmarks.memory;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.TrackingLevel;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;

/** The cost of each tracking level: the same allocate+free at every level, one thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrackingLevelBenchmark {

    @Param({"64", "1048576"})
    public long size;

    @Param({"NONE", "BASIC", "STANDARD", "DETAILED"})
    public TrackingLevel level;

    private HybridMemoryPool pool;

    @Setup(Level.Trial)
    public void open() {
        pool = HybridMemoryPool.create(PoolSettings.defaults().withTrackingLevel(level));
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
    }

    @Benchmark
    public void allocateFree(Blackhole bh) {
        MemoryBlock block = pool.allocate(size);
        bh.consume(block.segment());
        block.close();
    }
}
