/**
 * Conversion of tensors between dtypes: strategies (how values are rounded and scaled), modes (where the result
 * lives: a copy, a view, the source's own memory, or a stream of chunks), presets and statistics.
 */
@Export
@Version("1.0.0")
package bitnet.api.convert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
