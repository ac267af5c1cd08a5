package bitnet.memory.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.memory.PoolStats;
import bitnet.api.tensor.Device;

/**
 * A first, simple CPU pool: blocks are rounded up to power-of-two size classes and freed blocks are cached per
 * class for reuse, up to a cache budget. Each backing segment has its own shared arena so that releasing it
 * returns the memory to the system at once.
 */
@Component(service = MemoryPool.class, property = MemoryPool.DEVICE_PROPERTY + "=cpu")
@Designate(ocd = SimpleMemoryPool.Config.class)
public final class SimpleMemoryPool implements MemoryPool {

    @ObjectClassDefinition(name = "bitnet CPU memory pool", description = "Native memory for CPU tensors")
    public @interface Config {
        @AttributeDefinition(description = "Block alignment in bytes, a power of two between 8 and 4096")
        long alignment() default 64;

        @AttributeDefinition(description = "Limit on bytes reserved from the system; 0 means no limit")
        long limitBytes() default 0;

        @AttributeDefinition(description = "Most bytes kept cached for reuse after blocks are freed")
        long cacheBytes() default 256L << 20;
    }

    private static final int CLASSES = 63;
    private static final long MAX_BLOCK = 1L << 52;

    private final long alignment;
    private final long limit;
    private final long cacheBudget;
    private final ArrayDeque<Backing>[] cache;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    private final AtomicLong frees = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private long reserved;
    private long cached;

    @Activate
    @SuppressWarnings("unchecked")
    public SimpleMemoryPool(Config config) {
        long a = config.alignment();
        if (a < 8 || a > 4096 || Long.bitCount(a) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two in [8, 4096], was " + a);
        }
        this.alignment = a;
        this.limit = config.limitBytes() <= 0 ? Long.MAX_VALUE : config.limitBytes();
        this.cacheBudget = Math.max(0, config.cacheBytes());
        this.cache = new ArrayDeque[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            cache[i] = new ArrayDeque<>();
        }
    }

    /** A pool with the default configuration, for tests and plain-Java use. */
    public static SimpleMemoryPool withDefaults() {
        return new SimpleMemoryPool(new Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Config.class;
            }

            @Override
            public long alignment() {
                return 64;
            }

            @Override
            public long limitBytes() {
                return 0;
            }

            @Override
            public long cacheBytes() {
                return 256L << 20;
            }
        });
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
        return alignment;
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("block size must be at least 1 byte, was " + bytes);
        }
        if (bytes > MAX_BLOCK) {
            throw new IllegalArgumentException("block size " + bytes + " bytes exceeds the largest supported block ("
                    + MAX_BLOCK + " bytes)");
        }
        int cls = 64 - Long.numberOfLeadingZeros(Math.max(bytes, alignment) - 1);
        Backing backing = take(cls, bytes);
        long now = inUse.addAndGet(bytes);
        peak.accumulateAndGet(now, Math::max);
        allocations.incrementAndGet();
        return new PooledBlock(this, backing, bytes);
    }

    @Override
    public MemoryBlock allocateZeroed(long bytes) {
        MemoryBlock block = allocate(bytes);
        block.segment().fill((byte) 0);
        return block;
    }

    private Backing take(int cls, long requested) {
        long classBytes = 1L << cls;
        synchronized (this) {
            Backing cachedBacking = cache[cls].pollFirst();
            if (cachedBacking != null) {
                cached -= classBytes;
                hits.incrementAndGet();
                return cachedBacking;
            }
            while (reserved + classBytes > limit && evictOne()) {
                // keep evicting cached blocks until the new one fits or nothing is cached
            }
            if (reserved + classBytes > limit) {
                throw new OutOfPoolMemoryException("pool 'cpu': cannot allocate " + requested + " bytes (" + classBytes
                        + " reserved for its size class); " + inUse.get() + " bytes in use, " + reserved
                        + " reserved, limit " + limit + " bytes");
            }
            reserved += classBytes;
        }
        Arena arena = Arena.ofShared();
        try {
            return new Backing(arena, arena.allocate(classBytes, alignment), cls);
        } catch (OutOfMemoryError e) {
            arena.close();
            synchronized (this) {
                reserved -= classBytes;
            }
            throw new OutOfPoolMemoryException("pool 'cpu': the system refused " + classBytes + " bytes: "
                    + e.getMessage());
        }
    }

    private boolean evictOne() {
        for (int c = CLASSES - 1; c >= 0; c--) {
            Backing b = cache[c].pollFirst();
            if (b != null) {
                cached -= 1L << c;
                reserved -= 1L << c;
                b.arena().close();
                return true;
            }
        }
        return false;
    }

    void release(Backing backing, long bytes) {
        inUse.addAndGet(-bytes);
        frees.incrementAndGet();
        long classBytes = 1L << backing.sizeClass();
        synchronized (this) {
            if (cached + classBytes <= cacheBudget) {
                cache[backing.sizeClass()].addFirst(backing);
                cached += classBytes;
                return;
            }
            reserved -= classBytes;
        }
        backing.arena().close();
    }

    @Override
    public synchronized PoolStats stats() {
        return new PoolStats(name(), inUse.get(), peak.get(), reserved, limit, allocations.get(), frees.get(),
                hits.get());
    }

    /** Returns cached memory to the system; live blocks stay valid until their owners close them. */
    @Deactivate
    public synchronized void deactivate() {
        while (evictOne()) {
            // drain the cache
        }
    }

    record Backing(Arena arena, MemorySegment segment, int sizeClass) {
    }
}
