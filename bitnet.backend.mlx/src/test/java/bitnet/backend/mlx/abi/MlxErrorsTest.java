package bitnet.backend.mlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.memory.OutOfPoolMemoryException;

class MlxErrorsTest {

    @Test
    void theHandlersMessageTravelsWithTheFailureOfThatThread() {
        MlxErrors.clear();
        MlxErrors.report("[matmul] Last dimension of first input with shape (2,3) must match second to last "
                + "dimension of second input with shape (4,5).");
        var e = assertThrows(MlxException.class, () -> MlxErrors.check("mlx_matmul", 1));
        assertEquals("mlx: mlx_matmul failed (status 1): [matmul] Last dimension of first input with shape (2,3) "
                + "must match second to last dimension of second input with shape (4,5).", e.getMessage());
        var again = assertThrows(MlxException.class, () -> MlxErrors.check("mlx_add", 1));
        assertEquals("mlx: mlx_add failed (status 1)", again.getMessage(), "a message is used once");
        MlxErrors.check("mlx_add", 0);
    }

    @Test
    void memoryAndDeviceMessagesGetTheirTypes() {
        assertInstanceOf(OutOfPoolMemoryException.class, MlxErrors.translate("mlx_array_eval", 1,
                "[metal::malloc] Attempting to allocate 68719476736 bytes which is greater than the maximum allowed"));
        assertInstanceOf(BackendUnavailableException.class, MlxErrors.translate("mlx_array_eval", 1,
                "[METAL] Command buffer execution failed: Caused GPU Hang Error"));
        assertInstanceOf(MlxException.class, MlxErrors.translate("mlx_softmax_axis", 1, "[softmax] bad axis"));
    }

    @Test
    void messagesStayOnTheirThread() throws InterruptedException {
        MlxErrors.clear();
        Thread other = new Thread(() -> MlxErrors.report("from another thread"));
        other.start();
        other.join();
        var e = assertThrows(MlxException.class, () -> MlxErrors.check("mlx_exp", 2));
        assertEquals("mlx: mlx_exp failed (status 2)", e.getMessage());
    }
}
