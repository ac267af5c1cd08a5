package bitnet.backend.metal.abi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.backend.metal.kernel.Launch;

/**
 * The FFM layouts against bitnet_metal.h. The expected offsets are the ones offsetof printed for the header with an
 * LP64 C compiler (docs/metal-mlx.md shows the check); a change to either side breaks this test.
 */
class MetalAbiTest {

    @Test
    void layoutsMatchTheCHeader() {
        assertEquals(516, MetalAbi.ERROR.byteSize());
        assertEquals(4, MetalAbi.offset(MetalAbi.ERROR, "message"));
        assertEquals(152, MetalAbi.DEVICE_INFO.byteSize());
        assertEquals(128, MetalAbi.offset(MetalAbi.DEVICE_INFO, "recommended_working_set"));
        assertEquals(136, MetalAbi.offset(MetalAbi.DEVICE_INFO, "max_buffer_length"));
        assertEquals(144, MetalAbi.offset(MetalAbi.DEVICE_INFO, "max_threads_per_threadgroup"));
        assertEquals(148, MetalAbi.offset(MetalAbi.DEVICE_INFO, "has_unified_memory"));
        assertEquals(16, MetalAbi.BINDING.byteSize());
        assertEquals(184, MetalAbi.DISPATCH.byteSize());
        assertEquals(8, MetalAbi.offset(MetalAbi.DISPATCH, "binding_count"));
        assertEquals(12, MetalAbi.offset(MetalAbi.DISPATCH, "params_size"));
        assertEquals(16, MetalAbi.offset(MetalAbi.DISPATCH, "bindings"));
        assertEquals(144, MetalAbi.offset(MetalAbi.DISPATCH, "params"));
        assertEquals(152, MetalAbi.offset(MetalAbi.DISPATCH, "groups"));
        assertEquals(164, MetalAbi.offset(MetalAbi.DISPATCH, "threads"));
        assertEquals(176, MetalAbi.offset(MetalAbi.DISPATCH, "threadgroup_memory"));
    }

    @Test
    void aDispatchIsWrittenFieldByField() {
        byte[] params = {1, 2, 3, 4, 5, 6, 7, 8};
        Launch launch = new Launch(new Launch.Size3(5, 6, 7), new Launch.Size3(32, 2, 1), 128);
        Dispatch d = new Dispatch("bm_softmax_f32", List.of(new Binding(0x1000, 0), new Binding(0x2000, 48),
                new Binding(0x3000, 4096)), params, launch);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = MetalAbi.writeDispatch(d, arena);
            assertEquals("bm_softmax_f32", s.get(ADDRESS, 0).reinterpret(64).getString(0));
            assertEquals(3, s.get(JAVA_INT, 8));
            assertEquals(8, s.get(JAVA_INT, 12));
            assertEquals(0x1000, s.get(ADDRESS, 16).address());
            assertEquals(0, s.get(JAVA_LONG, 24));
            assertEquals(0x2000, s.get(ADDRESS, 32).address());
            assertEquals(48, s.get(JAVA_LONG, 40));
            assertEquals(0x3000, s.get(ADDRESS, 48).address());
            assertEquals(4096, s.get(JAVA_LONG, 56));
            byte[] back = new byte[8];
            MemorySegment.copy(s.get(ADDRESS, 144).reinterpret(8), JAVA_BYTE, 0, back, 0, 8);
            assertArrayEquals(params, back);
            assertArrayEquals(new int[] {5, 6, 7}, new int[] {s.get(JAVA_INT, 152), s.get(JAVA_INT, 156),
                s.get(JAVA_INT, 160)});
            assertArrayEquals(new int[] {32, 2, 1}, new int[] {s.get(JAVA_INT, 164), s.get(JAVA_INT, 168),
                s.get(JAVA_INT, 172)});
            assertEquals(128, s.get(JAVA_INT, 176));
        }
    }

    @Test
    void noParametersMeansANullPointer() {
        Dispatch d = new Dispatch("k", List.of(), new byte[0], Launch.elementwise(1, 256));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = MetalAbi.writeDispatch(d, arena);
            assertEquals(0, s.get(ADDRESS, 144).address());
            assertEquals(0, s.get(JAVA_INT, 12));
        }
    }

    @Test
    void moreBindingsThanTheAbiCarriesAreRefused() {
        List<Binding> nine = java.util.Collections.nCopies(9, new Binding(1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Dispatch("k", nine, new byte[0],
                Launch.elementwise(1, 256)));
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Binding(1, -1));
    }

    @Test
    void errorMessagesAreReadUpToTheNulAndNeverPastTheBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment e = arena.allocate(MetalAbi.ERROR);
            e.set(JAVA_INT, 0, 2);
            byte[] text = "shader library: line 3: ü".getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(text, 0, e, JAVA_BYTE, 4, text.length);
            assertEquals("shader library: line 3: ü", MetalAbi.message(e));
            e.asSlice(4, 512).fill((byte) 'x');
            assertEquals(511, MetalAbi.message(e).length(), "a message without NUL stops at the capacity");
            e.asSlice(4, 512).fill((byte) 0);
            assertEquals("", MetalAbi.message(e));
        }
    }

    @Test
    void deviceInfoIsRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment i = arena.allocate(MetalAbi.DEVICE_INFO);
            i.setString(0, "Apple M9");
            i.set(JAVA_LONG, 128, 1L << 34);
            i.set(JAVA_LONG, 136, 1L << 33);
            i.set(JAVA_INT, 144, 1024);
            i.set(JAVA_INT, 148, 1);
            assertEquals(new DeviceInfo("Apple M9", 1L << 34, 1L << 33, 1024, true), MetalAbi.readDeviceInfo(i));
        }
    }
}
