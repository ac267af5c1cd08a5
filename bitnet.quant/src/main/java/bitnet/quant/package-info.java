/**
 * Quantizers and dequantizers: BitNet b1.58 ternary weights (absmean), per-token int8 activations (absmax),
 * symmetric and asymmetric int8, group-wise int4, FP16 and BF16; static (calibrated) and dynamic scales.
 *
 * <p>All quantizers are pure static functions over arrays; they keep no state and are thread-safe.
 */
@Export
@Version("1.1.0")
package bitnet.quant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
