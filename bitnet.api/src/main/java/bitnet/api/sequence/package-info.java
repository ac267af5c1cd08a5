/**
 * Sequence batching: variable-length token sequences into padded {@code I32} tensors with attention masks built
 * from the lengths, position ids and causal masks; padding and truncation strategies; length statistics.
 */
@Export
@Version("1.0.0")
package bitnet.api.sequence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
