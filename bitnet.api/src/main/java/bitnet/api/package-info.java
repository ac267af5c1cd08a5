/**
 * Root of the bitnet API: the exception every bitnet failure extends.
 */
@Export
@Version("1.1.0")
package bitnet.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
