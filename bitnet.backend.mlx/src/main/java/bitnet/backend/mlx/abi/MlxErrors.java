package bitnet.backend.mlx.abi;

import bitnet.api.BitNetException;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.memory.OutOfPoolMemoryException;

/**
 * mlx-c reports failure as a non-zero return and the message through the error handler (whose default prints
 * and exits the process, which is why the backend installs its own before any other call). This class keeps the
 * last message per thread (the handler runs on the failing call's thread) and turns a failure into an exception:
 * MLX messages about memory become {@link OutOfPoolMemoryException}, those about the Metal device
 * {@link BackendUnavailableException} (the dispatcher retries elsewhere), the rest {@link MlxException}.
 */
public final class MlxErrors {
    private static final ThreadLocal<String> LAST = new ThreadLocal<>();

    private MlxErrors() {
    }

    /**
     * Called by the error handler upcall.
     *
     * @param message MLX's message
     */
    public static void report(String message) {
        LAST.set(message);
    }

    /** Forgets this thread's last message; called before each native call. */
    public static void clear() {
        LAST.remove();
    }

    /**
     * @param function the mlx-c function that returned {@code status}
     * @param status its return value
     * @throws BitNetException the translated failure, when {@code status != 0}
     */
    public static void check(String function, int status) {
        if (status != 0) {
            String message = LAST.get();
            LAST.remove();
            throw translate(function, status, message == null ? "" : message);
        }
    }

    /**
     * @param function the mlx-c function
     * @param status its non-zero return
     * @param message the handler's message, possibly empty
     * @return the exception to throw
     */
    public static BitNetException translate(String function, int status, String message) {
        String text = "mlx: " + function + " failed (status " + status + ")" + (message.isEmpty() ? "" : ": "
                + message);
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("out of memory") || lower.contains("failed to allocate")
                || lower.contains("attempting to allocate")) {
            return new OutOfPoolMemoryException(text);
        }
        if (lower.contains("metal") && (lower.contains("device") || lower.contains("command buffer"))) {
            return new BackendUnavailableException(text);
        }
        return new MlxException(text);
    }
}
