package bitnet.backend.metal.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.memory.OutOfPoolMemoryException;

class MetalStatusTest {

    @ParameterizedTest
    @CsvSource({
        "1, bitnet.api.backend.BackendUnavailableException, NO_DEVICE",
        "2, bitnet.backend.metal.abi.MetalException, LIBRARY",
        "3, bitnet.backend.metal.abi.MetalException, FUNCTION",
        "4, bitnet.backend.metal.abi.MetalException, PIPELINE",
        "5, bitnet.api.memory.OutOfPoolMemoryException, OUT_OF_MEMORY",
        "6, bitnet.backend.metal.abi.MetalException, INVALID_ARGUMENT",
        "7, bitnet.api.backend.BackendUnavailableException, COMMAND_FAILED",
        "8, bitnet.api.backend.BackendUnavailableException, DEVICE_LOST"})
    void everyCodeBecomesItsException(int code, String type, String name) throws ClassNotFoundException {
        var e = MetalStatus.toException("bm_x", code, "details");
        assertEquals(Class.forName(type), e.getClass());
        assertEquals("metal: bm_x failed (" + name + "): details", e.getMessage());
        assertEquals(code, MetalStatus.valueOf(name).code());
    }

    @Test
    void deviceFailuresLetTheDispatcherRetryAndMemoryFailuresStayMemoryFailures() {
        assertInstanceOf(BackendUnavailableException.class, MetalStatus.toException("bm_batch_commit", 8, ""));
        assertInstanceOf(OutOfPoolMemoryException.class, MetalStatus.toException("bm_buffer_new", 5, ""));
    }

    @Test
    void unknownCodesAndEmptyMessagesStayReadable() {
        var e = MetalStatus.toException("bm_open", 42, "");
        assertInstanceOf(MetalException.class, e);
        assertEquals("metal: bm_open failed (unknown status 42)", e.getMessage());
        assertNull(MetalStatus.of(-1));
    }

    @Test
    void successIsNotAnError() {
        assertThrows(IllegalArgumentException.class, () -> MetalStatus.toException("bm_open", 0, ""));
    }
}
