package bitnet.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import bitnet.api.inference.Model;
import bitnet.api.inference.ModelInfo;
import bitnet.api.inference.ModelLoader;
import bitnet.api.memory.LeakReport;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.PoolMetrics;
import bitnet.api.memory.PoolStats;
import bitnet.api.memory.SizeClassStats;

/** Gogo commands {@code bitnet:memory} and {@code bitnet:leaks} over every registered {@link MemoryPool}. */
@Component(service = MemoryCommands.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=memory",
        "osgi.command.function=leaks"})
public final class MemoryCommands {
    private final List<MemoryPool> pools = new CopyOnWriteArrayList<>();

    /** @param pool a pool to report on */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addPool(MemoryPool pool) {
        pools.add(pool);
    }

    /** @param pool a pool that went away */
    public void removePool(MemoryPool pool) {
        pools.remove(pool);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelLoader> loaders = List.of();

    /** @return per pool: totals, fragmentation and one row per size class that was ever used; loaded models */
    @Descriptor("memory pools: bytes in use, peak, cached, limit, fragmentation, size classes")
    public String memory() {
        List<MemoryPool> snapshot = sorted();
        if (snapshot.isEmpty()) {
            return "no memory pool is registered";
        }
        StringBuilder out = new StringBuilder();
        for (MemoryPool pool : snapshot) {
            PoolMetrics m = pool.metrics();
            PoolStats t = m.totals();
            out.append(String.format("pool %s (%s), tracking %s%n", t.pool(), pool.device(), m.trackingLevel()));
            out.append(String.format("  in use %s (peak %s), granted %s, cached %s, reserved %s, limit %s%n",
                    bytes(t.bytesInUse()), bytes(t.peakBytesInUse()), bytes(m.bytesGranted()),
                    bytes(m.bytesCached()), bytes(t.bytesReserved()),
                    t.limitBytes() == Long.MAX_VALUE ? "none" : bytes(t.limitBytes())));
            out.append(String.format("  allocations %d, frees %d, live %d, reuse %.1f%%, fragmentation internal "
                    + "%.1f%% external %.1f%%, leaks %d%n", t.allocations(), t.frees(), t.liveBlocks(),
                    100 * t.reuseRate(), 100 * m.internalFragmentation(), 100 * m.externalFragmentation(),
                    m.leaksDetected()));
            out.append(String.format("  %-6s %10s %8s %10s %10s %10s %10s %7s %10s%n", "kind", "class", "blocks",
                    "in use", "peak", "allocs", "frees", "reuse", "cached"));
            for (SizeClassStats c : m.sizeClasses()) {
                if (c.allocations() == 0 && c.blocksInUse() == 0 && c.cachedBytes() == 0) {
                    continue;
                }
                out.append(String.format("  %-6s %10s %8d %10s %10s %10d %10d %6.1f%% %10s%n", c.kind(),
                        c.blockBytes() == 0 ? "-" : bytes(c.blockBytes()), c.blocksInUse(), bytes(c.bytesInUse()),
                        bytes(c.peakBytesInUse()), c.allocations(), c.frees(), 100 * c.reuseRate(),
                        bytes(c.cachedBytes())));
            }
        }
        for (ModelLoader loader : loaders) {
            for (Model m : loader.loaded()) {
                ModelInfo i = m.info();
                out.append(String.format("model %s: %s mapped from the file (read in place), %s converted into the pool, "
                        + "%s of KV caches%n", i.source(), bytes(i.mappedBytes()), bytes(i.convertedBytes()),
                        bytes(m.kvCacheBytes())));
            }
        }
        return out.toString();
    }

    /** @return every pool's recent leak reports, with allocation sites where they were recorded */
    @Descriptor("tensors that were never closed, with where they were allocated")
    public String leaks() {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (MemoryPool pool : sorted()) {
            for (LeakReport r : pool.leaks()) {
                count++;
                out.append(String.format("%s pool %s: %d bytes allocated by thread '%s' leaked (reclaimed)%n",
                        r.detectedAt(), r.pool(), r.bytes(), r.allocatingThread()));
                if (r.allocationSite().isEmpty()) {
                    out.append("    allocation site not recorded: set trackingLevel=DETAILED\n");
                }
                for (StackTraceElement e : r.allocationSite()) {
                    out.append("    at ").append(e).append('\n');
                }
            }
        }
        return count == 0 ? "no leaks detected" : count + " leak(s)\n" + out;
    }

    private List<MemoryPool> sorted() {
        List<MemoryPool> list = new ArrayList<>(pools);
        list.sort(Comparator.comparing(MemoryPool::name));
        return list;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1L << 20) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        if (n < 1L << 30) {
            return String.format("%.1f MiB", n / (double) (1L << 20));
        }
        return String.format("%.2f GiB", n / (double) (1L << 30));
    }
}
