package bitnet.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.TrackingLevel;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;

class MemoryCommandsTest {
    private final MemoryCommands commands = new MemoryCommands();

    @Test
    void withoutPoolsTheCommandsSaySo() {
        assertEquals("no memory pool is registered", commands.memory());
        assertEquals("no leaks detected", commands.leaks());
    }

    @Test
    void memoryShowsTotalsAndUsedSizeClasses() {
        try (HybridMemoryPool pool = HybridMemoryPool.withDefaults()) {
            commands.addPool(pool);
            MemoryBlock a = pool.allocate(100);
            MemoryBlock b = pool.allocate(3 << 20);
            String out = commands.memory();
            assertTrue(out.startsWith("pool cpu (cpu:0), tracking STANDARD"), out);
            assertTrue(out.contains("allocations 2, frees 0, live 2"), out);
            assertTrue(out.matches("(?s).*\\n\\s+small\\s+128 B\\s+1\\s+100 B\\s+100 B\\s+1\\s+0\\s+0\\.0%.*"), out);
            assertTrue(out.matches("(?s).*\\n\\s+large\\s+4\\.0 MiB\\s+1\\s+3\\.0 MiB.*"), out);
            assertTrue(!out.contains(" 64 B "), "unused classes are left out:\n" + out);
            a.close();
            b.close();
            commands.removePool(pool);
            assertEquals("no memory pool is registered", commands.memory());
        }
    }

    @Test
    void leaksListsReportsWithTheirSites() throws InterruptedException {
        try (HybridMemoryPool pool = HybridMemoryPool.create(
                PoolSettings.defaults().withTrackingLevel(TrackingLevel.DETAILED))) {
            commands.addPool(pool);
            leak(pool);
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            for (int i = 0; i < 200 && pool.leaks().isEmpty(); i++) {
                new WeakReference<>(new Object(), queue);
                System.gc();
                queue.remove(25);
            }
            String out = commands.leaks();
            assertTrue(out.startsWith("1 leak(s)"), out);
            assertTrue(out.contains("pool cpu: 77 bytes allocated by thread"), out);
            assertTrue(out.contains("MemoryCommandsTest.leak("), out);
        }
    }

    private static void leak(HybridMemoryPool pool) {
        pool.allocate(77);
    }

    @Test
    void bytesAreHumanReadable() {
        assertEquals("1023 B", MemoryCommands.bytes(1023));
        assertEquals("1.5 KiB", MemoryCommands.bytes(1536));
        assertEquals("4.0 MiB", MemoryCommands.bytes(4 << 20));
        assertEquals("2.00 GiB", MemoryCommands.bytes(2L << 30));
    }
}
