/**
 * Mixed-precision policies: which precision each component of each layer uses, the rule context a policy
 * decides in, and the {@link bitnet.api.precision.PrecisionManager} that registers layers, resolves plans,
 * measures their memory and accuracy, picks among candidates and lowers precisions under memory pressure.
 *
 * <p>The rule format that configured policies use, and the order rules are evaluated in, are described in
 * {@code docs/precision.md}.
 */
@Export
@Version("1.1.0")
package bitnet.api.precision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
