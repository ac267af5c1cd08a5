/**
 * Tokenizers: text to token ids and back, with offsets and special tokens.
 */
@Export
@Version("1.2.0")
package bitnet.api.tokenizer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
