package bitnet.memory.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.LeakReport;
import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.MemoryPressureListener;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.memory.PoolMetrics;
import bitnet.api.memory.PoolStats;
import bitnet.api.memory.SizeClassStats;
import bitnet.api.memory.TrackingLevel;
import bitnet.api.tensor.Device;

/**
 * The pool: small blocks from striped slab size classes, large blocks from a buddy allocator, huge blocks straight
 * from the device, all over chunks of a {@link DeviceMemoryProvider} and counted against one {@link Budget}.
 * Plain Java; {@link CpuMemoryPoolComponent} publishes it as the CPU service. Thread-safe.
 */
public final class HybridMemoryPool implements MemoryPool, AutoCloseable {
    private static final long MAX_BLOCK = 1L << 52;
    private static final int SITE_FRAMES = 24;
    private static final StackWalker SITES = StackWalker.getInstance();
    private static final java.util.Set<String> POOL_FRAMES = java.util.Set.of(HybridMemoryPool.class.getName(),
            CpuMemoryPoolComponent.class.getName());

    private final String name;
    private final DeviceMemoryProvider provider;
    private final Budget budget;
    private final long smallThreshold;
    private final long largeChunkBytes;
    private final long alignment;
    private final SmallAllocator small;
    private final BuddyAllocator buddy;
    private final HugeAllocator huge;
    private final LeakTracker leaks;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    /** One cleanup at a time, and none while invariants are checked. */
    private final Object cleanupLock = new Object();
    private volatile PoolSettings settings;
    private volatile boolean retired;
    private ScheduledExecutorService ticker;
    private ScheduledFuture<?> tick;

    HybridMemoryPool(String name, PoolSettings settings, DeviceMemoryProvider provider, Budget budget) {
        this.name = name;
        this.provider = provider;
        this.budget = budget;
        this.settings = settings;
        this.alignment = settings.alignment();
        this.smallThreshold = settings.smallThreshold();
        this.largeChunkBytes = settings.largeChunkBytes();
        this.small = new SmallAllocator(this, settings);
        this.buddy = new BuddyAllocator(this, 2 * smallThreshold, largeChunkBytes);
        this.huge = new HugeAllocator(this);
        this.leaks = new LeakTracker(name);
        reconfigure(settings);
    }

    /** @return a CPU pool with {@link PoolSettings#defaults()}, for tests and plain-Java use; close it when done */
    public static HybridMemoryPool withDefaults() {
        return create(PoolSettings.defaults());
    }

    /** @return a CPU pool named {@code "cpu"} with the given settings; close it when done */
    public static HybridMemoryPool create(PoolSettings settings) {
        return new HybridMemoryPool("cpu", settings, new ArenaMemoryProvider(), new Budget());
    }

    /** @return a pool over another device's memory, named after the device */
    public static HybridMemoryPool create(PoolSettings settings, DeviceMemoryProvider provider) {
        return new HybridMemoryPool(provider.device().toString(), settings, provider, new Budget());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Device device() {
        return provider.device();
    }

    @Override
    public long alignment() {
        return alignment;
    }

    PoolSettings settings() {
        return settings;
    }

    DeviceMemoryProvider provider() {
        return provider;
    }

    SmallAllocator small() {
        return small;
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        checkSize(bytes);
        PoolSettings s = settings;
        TrackingLevel level = s.trackingLevel();
        Lease lease;
        if (bytes <= smallThreshold) {
            lease = small.classFor(bytes).allocate(bytes, level);
        } else if (bytes <= largeChunkBytes) {
            lease = buddy.allocate(bytes, level);
        } else {
            lease = huge.allocate(bytes, level);
        }
        return publish(lease, s, null);
    }

    private PoolBlock publish(Lease lease, PoolSettings s, Lease from) {
        if (s.guardFreedSegments()) {
            // A scope of its own: freeing the block closes it, so a segment kept past free() throws on access.
            Arena arena = Arena.ofShared();
            lease.segment = lease.segment.reinterpret(arena, null);
            lease.guard = arena;
        }
        PoolBlock block = new PoolBlock(lease);
        if (lease.level.compareTo(TrackingLevel.STANDARD) >= 0) {
            if (from != null) {
                lease.thread = from.thread;
                lease.site = from.site;
            } else {
                lease.thread = Thread.currentThread().getName();
                if (lease.level == TrackingLevel.DETAILED) {
                    lease.site = callerStack();
                }
            }
            leaks.watch(block, lease);
        }
        return block;
    }

    /** @return the innermost frames below the pool's own, walked lazily rather than filled in whole */
    private static StackTraceElement[] callerStack() {
        return SITES.walk(frames -> frames.dropWhile(f -> POOL_FRAMES.contains(f.getClassName()))
                .limit(SITE_FRAMES).map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    @Override
    public MemoryBlock allocateZeroed(long bytes) {
        MemoryBlock block = allocate(bytes);
        block.segment().fill((byte) 0);
        return block;
    }

    private static void checkSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("block size must be at least 1 byte, was " + bytes);
        }
        if (bytes > MAX_BLOCK) {
            throw new IllegalArgumentException("block size " + bytes + " bytes exceeds the largest supported block ("
                    + MAX_BLOCK + " bytes)");
        }
    }

    void release(Lease lease) {
        if (!lease.claim(Lease.FREED)) {
            throw lease.misuse("double free");
        }
        finish(lease);
        if (lease.watch != null) {
            LeakTracker.unwatch(lease.watch);
        }
    }

    void reclaimLeak(Lease lease) {
        finish(lease);
        leaks.record(lease, settings.leakHistory());
    }

    private void finish(Lease lease) {
        if (lease.guard != null) {
            lease.guard.close();
        }
        lease.owner.free(lease);
        if (retired) {
            releaseCached(0);
        }
    }

    /** @return the lease of a block of this pool */
    private Lease own(MemoryBlock block) {
        if (block instanceof PoolBlock pb && pb.lease.pool == this) {
            return pb.lease;
        }
        throw new MemoryAccessException("foreign block: " + block + " was not allocated by pool '" + name + "'");
    }

    /** @return the pool that allocated {@code block}, or null if no hybrid pool did */
    static HybridMemoryPool ownerOf(MemoryBlock block) {
        return block instanceof PoolBlock pb ? pb.lease.pool : null;
    }

    @Override
    public void free(MemoryBlock block) {
        release(own(block));
    }

    @Override
    public MemoryBlock reallocate(MemoryBlock block, long newBytes) {
        Lease old = own(block);
        checkSize(newBytes);
        if (old.state() != Lease.LIVE) {
            throw old.misuse("reallocate after free");
        }
        if (!old.owner.fitsInPlace(old, newBytes)) {
            MemoryBlock grown = allocate(newBytes);
            MemorySegment.copy(old.segment, 0, ((PoolBlock) grown).lease.segment, 0, Math.min(old.bytes, newBytes));
            release(old);
            return grown;
        }
        if (!old.claim(Lease.FREED)) {
            throw old.misuse("reallocate after free");
        }
        // Same memory, new handle; the old lease's level carries over so its counters stay balanced.
        Lease moved = old.resized(newBytes, old.owner.memory(old), old.level);
        if (old.guard != null) {
            old.guard.close();
        }
        if (old.watch != null) {
            LeakTracker.unwatch(old.watch);
        }
        old.owner.resizedInPlace(old, newBytes - old.bytes);
        return publish(moved, settings, old);
    }

    /** Adds to the pool's shared count of requested bytes in use; allocators fold their own counts in here. */
    void addInUse(long delta) {
        addAndRaisePeak(inUse, peak, delta);
    }

    long foldedInUse() {
        return inUse.get();
    }

    static void addAndRaisePeak(AtomicLong counter, AtomicLong peak, long delta) {
        long now = counter.addAndGet(delta);
        long p;
        while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
            // another thread raised the peak meanwhile; compare again
        }
    }

    void reserveChunk(long chunkBytes, long requested) {
        if (!budget.tryReserve(chunkBytes)) {
            releaseCached(0);
            if (!budget.tryReserve(chunkBytes)) {
                throw outOfMemory(chunkBytes, requested);
            }
        }
        reserved.addAndGet(chunkBytes);
        if (budget.updatePressure(name) && settings.cleanup().contains(CleanupStrategy.PRESSURE)) {
            releaseCached(0);
        }
    }

    void unreserveChunk(long chunkBytes) {
        reserved.addAndGet(-chunkBytes);
        budget.unreserve(chunkBytes);
        budget.updatePressure(name);
    }

    private OutOfPoolMemoryException outOfMemory(long chunkBytes, long requested) {
        String used = settings.trackingLevel() == TrackingLevel.NONE ? granted() + " bytes granted to live blocks"
                : totals(sizeClasses()).bytesInUse() + " bytes in use";
        return new OutOfPoolMemoryException("pool '" + name + "': cannot allocate " + requested + " bytes (it needs "
                + chunkBytes + " more bytes from the system): " + used + ", " + budget.reserved()
                + " bytes reserved, limit " + budget.limit() + " bytes. Close tensors that are no longer needed or "
                + "raise limitBytes (configuration " + CpuMemoryPoolComponent.PID + ")");
    }

    /**
     * Gives every cached slab and chunk that has been empty for {@code idleNanos} back to the system.
     *
     * @return the bytes released
     */
    long releaseCached(long idleNanos) {
        synchronized (cleanupLock) {
            long now = System.nanoTime();
            return small.releaseEmpty(idleNanos, now) + buddy.releaseEmpty(idleNanos, now);
        }
    }

    /** @return bytes released: every empty slab and chunk goes back to the system now */
    public long trim() {
        return releaseCached(0);
    }

    /** Applies settings that do not change the layout; they take effect for the next allocation. */
    public synchronized void reconfigure(PoolSettings next) {
        if (!next.sameLayout(settings)) {
            throw new IllegalArgumentException("alignment, smallBlockThreshold, slabBytes and largeChunkBytes need a "
                    + "new pool generation; pool '" + name + "' keeps its layout");
        }
        settings = next;
        budget.configure(next.limitBytes(), next.pressureThresholds());
        budget.updatePressure(name);
        if (budget.reserved() > next.limitBytes()) {
            releaseCached(0);
        }
        schedule(next);
    }

    private void schedule(PoolSettings s) {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        boolean wanted = !retired && (s.cleanup().contains(CleanupStrategy.IDLE)
                || s.cleanup().contains(CleanupStrategy.PERIODIC));
        if (!wanted) {
            return;
        }
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bitnet-memory-cleanup-" + name);
                t.setDaemon(true);
                return t;
            });
        }
        long period = s.cleanupPeriodMillis();
        tick = ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** One background cleanup pass, as the configured strategies ask. */
    void tick() {
        PoolSettings s = settings;
        if (s.cleanup().contains(CleanupStrategy.PERIODIC)) {
            releaseCached(0);
        } else if (s.cleanup().contains(CleanupStrategy.IDLE)) {
            releaseCached(TimeUnit.MILLISECONDS.toNanos(s.idleReleaseMillis()));
        }
    }

    /** Stops serving as the current generation: cached memory goes now, the rest as its blocks are freed. */
    synchronized void retire() {
        retired = true;
        schedule(settings);
        releaseCached(0);
    }

    /** @return true once a retired generation holds no memory */
    boolean drained() {
        return reserved.get() == 0;
    }

    /** Stops the background cleanup and releases cached memory; live blocks stay valid until they are freed. */
    @Override
    public synchronized void close() {
        retired = true;
        schedule(settings);
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        leaks.stop();
        releaseCached(0);
    }

    /** Adds a listener told when the reserved bytes cross a pressure threshold. */
    public void addPressureListener(MemoryPressureListener listener) {
        budget.addListener(listener);
    }

    /** Removes a listener added before. */
    public void removePressureListener(MemoryPressureListener listener) {
        budget.removeListener(listener);
    }

    @Override
    public PoolStats stats() {
        return totals(sizeClasses());
    }

    private PoolStats totals(List<SizeClassStats> rows) {
        long allocations = 0;
        long frees = 0;
        long hits = 0;
        long bytes = 0;
        for (SizeClassStats r : rows) {
            allocations += r.allocations();
            frees += r.frees();
            hits += r.reuseHits();
            bytes += r.bytesInUse();
        }
        long highest = Math.max(Math.max(peak.get(), small.poolPeakSeen()), bytes);
        return new PoolStats(name, bytes, highest, reserved.get(), budget.limit(), allocations, frees, hits);
    }

    private List<SizeClassStats> sizeClasses() {
        List<SizeClassStats> rows = new ArrayList<>(small.stats());
        rows.addAll(buddy.stats());
        rows.add(huge.stats());
        return rows;
    }

    @Override
    public PoolMetrics metrics() {
        List<SizeClassStats> rows = sizeClasses();
        long granted = 0;
        long requested = 0;
        for (SizeClassStats r : rows) {
            granted += "huge".equals(r.kind()) ? huge.granted() : r.blocksInUse() * r.blockBytes();
            requested += r.bytesInUse();
        }
        PoolStats totals = totals(rows);
        TrackingLevel level = settings.trackingLevel();
        double internal = level != TrackingLevel.NONE && granted > 0
                ? Math.max(0, 1 - (double) requested / granted) : 0;
        long[] free = buddy.freeSummary();
        double external = free[1] == 0 ? 0 : 1 - (double) free[0] / free[1];
        return new PoolMetrics(totals, level, granted, Math.max(0, totals.bytesReserved() - granted),
                internal, external, leaks.detected(), rows);
    }

    private long granted() {
        long granted = huge.granted() + buddy.freeSummary()[2];
        for (SizeClassStats r : small.stats()) {
            granted += r.blocksInUse() * r.blockBytes();
        }
        return granted;
    }

    @Override
    public List<LeakReport> leaks() {
        return leaks.reports();
    }

    /**
     * Checks the pool's invariants; call it while no other thread uses the pool.
     *
     * @return bytes granted to live blocks
     * @throws IllegalStateException naming the first broken invariant
     */
    long checkInvariants() {
        synchronized (cleanupLock) {
            return checkQuiescent();
        }
    }

    private long checkQuiescent() {
        long granted = small.checkInvariants() + buddy.checkInvariants() + huge.granted();
        long held = small.slabs() * settings.slabBytes() + (long) buddy.chunkCount() * largeChunkBytes
                + huge.granted();
        if (held != reserved.get()) {
            throw new IllegalStateException("pool '" + name + "' holds " + held + " bytes of chunks but counts "
                    + reserved.get() + " reserved");
        }
        return granted;
    }

    /** @return blocks watched for leaks */
    long leakWatches() {
        return leaks.watched();
    }

    /** @return the bytes a block of {@code bytes} is granted: its size class, buddy order or aligned size */
    long grantedFor(long bytes) {
        if (bytes <= smallThreshold) {
            return small.classFor(bytes).blockBytes;
        }
        if (bytes <= largeChunkBytes) {
            return 1L << (64 - Long.numberOfLeadingZeros(Math.max(2 * smallThreshold, bytes) - 1));
        }
        return HugeAllocator.roundUp(bytes, alignment);
    }
}
