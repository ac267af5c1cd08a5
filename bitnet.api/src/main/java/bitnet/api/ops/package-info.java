/**
 * The operations clients call on tensors; every call is routed through the dispatcher.
 */
@Export
@Version("1.3.0")
package bitnet.api.ops;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
