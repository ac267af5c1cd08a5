package bitnet.api.convert;

import bitnet.api.BitNetException;
import bitnet.api.tensor.DType;

/**
 * A conversion was refused: an unsupported dtype pair for the strategy, non-finite input the strategy forbids,
 * or a mode the tensors do not allow. The message names source, target and strategy. Nothing was written.
 */
public class ConversionException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** The source dtype. */
    private final DType source;
    /** The target dtype. */
    private final DType target;
    /** The strategy asked for. */
    private final ConversionStrategy strategy;

    /**
     * @param source source dtype
     * @param target target dtype
     * @param strategy the strategy
     * @param reason what is wrong and what to do instead
     */
    public ConversionException(DType source, DType target, ConversionStrategy strategy, String reason) {
        super(source + " -> " + target + " (" + strategy + "): " + reason);
        this.source = source;
        this.target = target;
        this.strategy = strategy;
    }

    /**
     * @param source source dtype
     * @param target target dtype
     * @param strategy the strategy
     * @param reason what went wrong
     * @param cause the underlying failure
     */
    public ConversionException(DType source, DType target, ConversionStrategy strategy, String reason,
            Throwable cause) {
        super(source + " -> " + target + " (" + strategy + "): " + reason, cause);
        this.source = source;
        this.target = target;
        this.strategy = strategy;
    }

    /** @return the source dtype */
    public DType source() {
        return source;
    }

    /** @return the target dtype */
    public DType target() {
        return target;
    }

    /** @return the strategy */
    public ConversionStrategy strategy() {
        return strategy;
    }
}
