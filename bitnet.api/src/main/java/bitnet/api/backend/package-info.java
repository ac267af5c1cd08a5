/**
 * The backend SPI: what a compute backend declares and the operation calls it executes.
 */
@Export
@Version("1.3.0")
package bitnet.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
