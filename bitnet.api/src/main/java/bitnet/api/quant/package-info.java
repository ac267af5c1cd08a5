/**
 * Quantization contracts for BitNet b1.58: ternary packing strategies and their codecs, quantization schemes,
 * scale granularities, the packed-ternary value and the exception quantization code throws.
 *
 * <p>Implementations live in the {@code bitnet.quant} bundle; this package holds only types.
 */
@Export
@Version("1.1.0")
package bitnet.api.quant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
