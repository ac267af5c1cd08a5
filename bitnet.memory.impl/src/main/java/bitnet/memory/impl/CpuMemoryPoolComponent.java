package bitnet.memory.impl;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.memory.LeakReport;
import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.MemoryPressureListener;
import bitnet.api.memory.PoolMetrics;
import bitnet.api.memory.PoolStats;
import bitnet.api.memory.TrackingLevel;
import bitnet.api.tensor.Device;

/**
 * The CPU {@link MemoryPool} service. Configuration changes apply at once: most to the running pool; a new
 * layout (alignment, threshold, slab or chunk size) starts a new pool generation for new blocks while blocks of
 * the old one stay valid, and the old generation gives its memory back as they are freed. All generations share
 * one limit.
 */
@Component(service = MemoryPool.class, configurationPid = CpuMemoryPoolComponent.PID,
        property = MemoryPool.DEVICE_PROPERTY + "=cpu")
@Designate(ocd = CpuMemoryPoolComponent.Config.class)
public final class CpuMemoryPoolComponent implements MemoryPool {
    /** The configuration PID. */
    public static final String PID = "bitnet.memory.cpu";

    @ObjectClassDefinition(id = PID, name = "bitnet CPU memory pool",
            description = "Native memory for CPU tensors: slab size classes, a buddy allocator, limits, tracking")
    public @interface Config {
        @AttributeDefinition(description = "Block alignment in bytes, a power of two in [8, 4096]")
        long alignment() default 64;

        @AttributeDefinition(description = "Largest block served from slab size classes, a power of two")
        long smallBlockThreshold() default 64 << 10;

        @AttributeDefinition(description = "Size of each slab that small blocks are carved from, a power of two")
        long slabBytes() default 1 << 20;

        @AttributeDefinition(description = "Size of each buddy chunk for large blocks, a power of two; "
                + "bigger blocks get their own allocation")
        long largeChunkBytes() default 32 << 20;

        @AttributeDefinition(description = "Empty buddy chunks kept cached when blocks are freed; more are released")
        int emptyLargeChunksKept() default 1;

        @AttributeDefinition(description = "Most bytes reserved from the system; 0 means no limit")
        long limitBytes() default 0;

        @AttributeDefinition(description = "Fractions of the limit at which pressure listeners are told, ascending")
        double[] pressureThresholds() default {0.75, 0.9};

        @AttributeDefinition(description = "What is recorded per block: NONE, BASIC (counts, bytes, peak), "
                + "STANDARD (per size class, leak detection), DETAILED (allocation sites)")
        TrackingLevel trackingLevel() default TrackingLevel.STANDARD;

        @AttributeDefinition(description = "When cached memory goes back to the system: IDLE, PRESSURE, PERIODIC")
        CleanupStrategy[] cleanup() default {CleanupStrategy.IDLE, CleanupStrategy.PRESSURE};

        @AttributeDefinition(description = "Milliseconds memory stays cached before IDLE cleanup releases it")
        long idleReleaseMillis() default 30_000;

        @AttributeDefinition(description = "Milliseconds between background cleanup passes")
        long cleanupPeriodMillis() default 10_000;

        @AttributeDefinition(description = "Give each block its own memory scope so that a segment used after "
                + "free throws (costs a shared arena per block)")
        boolean guardFreedSegments() default false;

        @AttributeDefinition(description = "How many leak reports are kept")
        int leakHistory() default 100;
    }

    private final Budget budget = new Budget();
    private final ArenaMemoryProvider provider = new ArenaMemoryProvider();
    private final List<HybridMemoryPool> retired = new CopyOnWriteArrayList<>();
    private volatile HybridMemoryPool current;

    /** @param config the pool's configuration */
    @Activate
    public CpuMemoryPoolComponent(Config config) {
        current = new HybridMemoryPool("cpu", settings(config), provider, budget);
    }

    static PoolSettings settings(Config c) {
        EnumSet<CleanupStrategy> cleanup = EnumSet.noneOf(CleanupStrategy.class);
        cleanup.addAll(List.of(c.cleanup()));
        return new PoolSettings(c.alignment(), c.smallBlockThreshold(), c.slabBytes(), c.largeChunkBytes(),
                c.emptyLargeChunksKept(), c.limitBytes() == 0 ? Long.MAX_VALUE : c.limitBytes(),
                c.pressureThresholds(), c.trackingLevel(), cleanup, c.idleReleaseMillis(), c.cleanupPeriodMillis(),
                c.guardFreedSegments(), c.leakHistory());
    }

    /** @param config the changed configuration, applied without restarting anything */
    @Modified
    void modified(Config config) {
        PoolSettings next = settings(config);
        HybridMemoryPool pool = current;
        if (pool.settings().sameLayout(next)) {
            pool.reconfigure(next);
        } else {
            current = new HybridMemoryPool("cpu", next, provider, budget);
            pool.retire();
            retired.add(pool);
        }
        retired.removeIf(HybridMemoryPool::drained);
    }

    /** Releases cached memory; blocks still alive stay valid until their owners close them. */
    @Deactivate
    void deactivate() {
        current.close();
        for (HybridMemoryPool p : retired) {
            p.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPressureListener(MemoryPressureListener listener) {
        budget.addListener(listener);
    }

    void removePressureListener(MemoryPressureListener listener) {
        budget.removeListener(listener);
    }

    /** @return the generation serving new blocks */
    HybridMemoryPool current() {
        return current;
    }

    /** @return older generations still holding memory */
    List<HybridMemoryPool> retired() {
        retired.removeIf(HybridMemoryPool::drained);
        return List.copyOf(retired);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public long alignment() {
        return current.alignment();
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        return current.allocate(bytes);
    }

    @Override
    public MemoryBlock allocateZeroed(long bytes) {
        return current.allocateZeroed(bytes);
    }

    @Override
    public MemoryBlock reallocate(MemoryBlock block, long newBytes) {
        HybridMemoryPool owner = generationOf(block);
        HybridMemoryPool pool = current;
        if (owner == pool) {
            return owner.reallocate(block, newBytes);
        }
        // A block of a retired generation moves to the current one, so the old generation can drain.
        MemoryBlock moved = pool.allocate(newBytes);
        java.lang.foreign.MemorySegment.copy(block.segment(), 0, moved.segment(), 0,
                Math.min(block.size(), newBytes));
        owner.free(block);
        return moved;
    }

    @Override
    public void free(MemoryBlock block) {
        generationOf(block).free(block);
    }

    private HybridMemoryPool generationOf(MemoryBlock block) {
        HybridMemoryPool owner = HybridMemoryPool.ownerOf(block);
        if (owner != null && (owner == current || retired.contains(owner))) {
            return owner;
        }
        throw new MemoryAccessException("foreign block: " + block + " was not allocated by pool 'cpu'");
    }

    /** @return the current generation's counters; a retired generation's are gone with its layout */
    @Override
    public PoolStats stats() {
        return current.stats();
    }

    /** @return the current generation's snapshot */
    @Override
    public PoolMetrics metrics() {
        return current.metrics();
    }

    /** @return the current generation's leak reports, after those of retired generations still draining */
    @Override
    public List<LeakReport> leaks() {
        List<LeakReport> all = new java.util.ArrayList<>();
        for (HybridMemoryPool p : retired) {
            all.addAll(p.leaks());
        }
        all.addAll(current.leaks());
        return all;
    }
}
