/**
 * Ternary packing strategies ({@link bitnet.api.quant.PackingStrategy}): one {@link bitnet.api.quant.TernaryCodec}
 * per strategy, reached through {@link bitnet.quant.pack.Codecs}, and the {@link bitnet.quant.pack.StrategySelector}
 * that picks one from the data's statistics.
 */
@Export
@Version("1.2.0")
package bitnet.quant.pack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
