package bitnet.api.io;

import bitnet.api.BitNetException;

/**
 * A {@code .npy} or {@code .npz} file cannot be read as a tensor: bad magic string or version, a header that is
 * not NumPy's dict literal, a dtype with no bitnet equivalent, or fewer data bytes than the header declares.
 * The message starts with the file (or zip entry) name and says what is wrong and where, for example
 * {@code "a.npy: header declares shape (3, 4) = 12 float32 values = 48 bytes but only 40 bytes follow"}.
 */
public class NpyFormatException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message the file name, then what is wrong and where */
    public NpyFormatException(String message) {
        super(message);
    }

    /**
     * @param message the file name, then what is wrong and where
     * @param cause the underlying failure, for example a {@link java.util.zip.ZipException}
     */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
