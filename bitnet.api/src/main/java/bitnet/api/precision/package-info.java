/**
 * Mixed-precision policies: which precision each component of each layer uses.
 */
@Export
@Version("1.0.0")
package bitnet.api.precision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
