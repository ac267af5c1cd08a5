/**
 * Memory pools that serve tensor bytes, their blocks, statistics and failures.
 */
@Export
@Version("1.1.0")
package bitnet.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
