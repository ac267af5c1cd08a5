package bitnet.api.model;

import java.nio.file.Path;

import bitnet.api.BitNetException;

/**
 * A checkpoint file or folder is malformed, truncated, inconsistent or uses something this platform does not
 * support. The message names the file, the tensor or key concerned, and what is wrong; nothing of a failed load
 * stays mapped or allocated.
 */
public class ModelFormatException extends BitNetException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file (or folder) at fault
     * @param detail what is wrong, naming the tensor or key
     */
    public ModelFormatException(Path file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    /**
     * @param file the file (or folder) at fault
     * @param detail what is wrong, naming the tensor or key
     * @param cause the underlying failure (an I/O error, a JSON parse error)
     */
    public ModelFormatException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
    }

    /** @return the file or folder the message is about */
    public Path file() {
        return file;
    }
}
