package bitnet.benchmarks.memory;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
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

/**
 * Allocate and free one block, on one and two threads: the pool against a fresh confined arena, an automatic
 * arena and a direct buffer. Every variant hands the memory to a blackhole. Arenas and direct buffers zero their
 * memory; {@code pool} does not ({@code poolZeroed} does, for the like-for-like comparison).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class AllocateFreeBenchmark {

    @Param({"64", "4096", "65536", "4194304"})
    public long size;

    @Param({"BASIC"})
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
    @Threads(1)
    public void pool(Blackhole bh) {
        poolOnce(bh);
    }

    @Benchmark
    @Threads(2)
    public void pool2Threads(Blackhole bh) {
        poolOnce(bh);
    }

    @Benchmark
    @Threads(1)
    public void poolZeroed(Blackhole bh) {
        MemoryBlock block = pool.allocateZeroed(size);
        bh.consume(block.segment());
        block.close();
    }

    private void poolOnce(Blackhole bh) {
        MemoryBlock block = pool.allocate(size);
        bh.consume(block.segment());
        block.close();
    }

    @Benchmark
    @Threads(1)
    public void confinedArena(Blackhole bh) {
        confinedOnce(bh);
    }

    @Benchmark
    @Threads(2)
    public void confinedArena2Threads(Blackhole bh) {
        confinedOnce(bh);
    }

    private void confinedOnce(Blackhole bh) {
        try (Arena arena = Arena.ofConfined()) {
            bh.consume(arena.allocate(size, 64));
        }
    }

    @Benchmark
    @Threads(1)
    public void autoArena(Blackhole bh) {
        bh.consume(Arena.ofAuto().allocate(size, 64));
    }

    @Benchmark
    @Threads(2)
    public void autoArena2Threads(Blackhole bh) {
        bh.consume(Arena.ofAuto().allocate(size, 64));
    }

    @Benchmark
    @Threads(1)
    public void directBuffer(Blackhole bh) {
        bh.consume(ByteBuffer.allocateDirect((int) size));
    }

    @Benchmark
    @Threads(2)
    public void directBuffer2Threads(Blackhole bh) {
        bh.consume(ByteBuffer.allocateDirect((int) size));
    }
}
