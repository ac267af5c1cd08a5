/**
 * The dispatcher: picks, per operation, the best available backend and falls back along a chain.
 */
@Export
@Version("1.0.0")
package bitnet.api.dispatch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
