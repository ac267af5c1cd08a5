package bitnet.backend.metal.abi;

import bitnet.api.BitNetException;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.memory.OutOfPoolMemoryException;

/**
 * The {@code bm_status} codes of {@code bitnet_metal.h} and the exception each becomes on the Java side.
 *
 * <p>Device-level failures (no device, device lost, a failed command buffer) become
 * {@link BackendUnavailableException}, so the dispatcher retries the call on the next backend; a refused buffer
 * becomes {@link OutOfPoolMemoryException} (the caller may free memory and retry); shader, pipeline and argument
 * errors are bugs in this bundle and become {@link MetalException}.
 */
public enum MetalStatus {
    /** Success. */
    OK(0),
    /** No Metal device, or the index is out of range. */
    NO_DEVICE(1),
    /** The shader library failed to load or compile. */
    LIBRARY(2),
    /** No kernel of the requested name. */
    FUNCTION(3),
    /** A compute pipeline could not be built. */
    PIPELINE(4),
    /** The device refused a buffer. */
    OUT_OF_MEMORY(5),
    /** A null handle, too many bindings or an empty grid. */
    INVALID_ARGUMENT(6),
    /** The command buffer finished with an error. */
    COMMAND_FAILED(7),
    /** The device was removed or reset. */
    DEVICE_LOST(8);

    private final int code;

    MetalStatus(int code) {
        this.code = code;
    }

    /** @return the C value */
    public int code() {
        return code;
    }

    /**
     * @param code a C status value
     * @return its constant, or null for a value this version does not know
     */
    public static MetalStatus of(int code) {
        for (MetalStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /**
     * Translates a failed call into the exception to throw.
     *
     * @param function the C function that failed, for the message
     * @param code its return value, not {@link #OK}
     * @param message the shim's message (may be empty)
     * @return the exception (not thrown here)
     * @throws IllegalArgumentException if {@code code} is {@link #OK}'s
     */
    public static BitNetException toException(String function, int code, String message) {
        MetalStatus status = of(code);
        if (status == OK) {
            throw new IllegalArgumentException(function + " succeeded; there is nothing to translate");
        }
        String text = "metal: " + function + " failed (" + (status == null ? "unknown status " + code : status.name())
                + ")" + (message.isEmpty() ? "" : ": " + message);
        if (status == null) {
            return new MetalException(text);
        }
        return switch (status) {
            case NO_DEVICE, DEVICE_LOST, COMMAND_FAILED -> new BackendUnavailableException(text);
            case OUT_OF_MEMORY -> new OutOfPoolMemoryException(text);
            default -> new MetalException(text);
        };
    }
}
