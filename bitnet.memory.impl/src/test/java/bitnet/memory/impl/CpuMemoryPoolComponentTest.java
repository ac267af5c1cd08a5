package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPressureListener.PressureEvent;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.memory.TrackingLevel;

class CpuMemoryPoolComponentTest {
    private final CpuMemoryPoolComponent component = new CpuMemoryPoolComponent(Configs.cpu(Map.of()));

    @AfterEach
    void deactivate() {
        component.deactivate();
    }

    @Test
    void defaultsMatchTheDocumentedConfiguration() {
        assertEquals(PoolSettings.defaults().withTrackingLevel(TrackingLevel.STANDARD).toString()
                .replaceAll("\\[D@\\w+", ""), component.current().settings().toString().replaceAll("\\[D@\\w+", ""));
        assertEquals("cpu", component.name());
        assertEquals(64, component.alignment());
    }

    @Test
    void softChangesApplyToTheRunningPool() {
        HybridMemoryPool before = component.current();
        component.modified(Configs.cpu(Map.of("trackingLevel", TrackingLevel.NONE, "limitBytes", 8L << 20)));
        assertSame(before, component.current());
        assertEquals(TrackingLevel.NONE, component.metrics().trackingLevel());
        assertThrows(OutOfPoolMemoryException.class, () -> component.allocate(9L << 20));
    }

    @Test
    void aNewLayoutStartsANewGenerationAndOldBlocksStayUsable() {
        MemoryBlock old = component.allocate(100);
        old.segment().set(ValueLayout.JAVA_INT, 0, 42);
        HybridMemoryPool first = component.current();
        component.modified(Configs.cpu(Map.of("alignment", 256L)));
        assertNotSame(first, component.current());
        MemoryBlock fresh = component.allocate(100);
        assertEquals(0, fresh.segment().address() % 256);
        assertEquals(List.of(first), component.retired());
        MemoryBlock moved = component.reallocate(old, 200);
        assertEquals(42, moved.segment().get(ValueLayout.JAVA_INT, 0));
        assertTrue(component.retired().isEmpty(), "the old generation drained once its last block left");
        component.free(moved);
        fresh.close();
        assertThrows(MemoryAccessException.class, () -> component.free(fresh));
    }

    @Test
    void pressureListenerServicesHearEveryGeneration() {
        List<PressureEvent> events = new ArrayList<>();
        component.addPressureListener(events::add);
        component.modified(Configs.cpu(Map.of("limitBytes", 4L << 20, "largeChunkBytes", 1L << 20)));
        MemoryBlock block = component.allocate(3_800_000);
        assertEquals(2, events.size(), events.toString());
        block.close();
        component.removePressureListener(events::add);
        assertThrows(MemoryAccessException.class, () -> component.free(HybridMemoryPool.withDefaults().allocate(8)));
    }

    @Test
    void invalidConfigurationIsRefusedWithTheAttributeName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.modified(Configs.cpu(Map.of("smallBlockThreshold", 1000L))));
        assertTrue(e.getMessage().startsWith("smallBlockThreshold"), e.getMessage());
    }
}
