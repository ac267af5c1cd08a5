/**
 * Running BitNet b1.58 models: a {@link bitnet.api.inference.ModelLoader} gives a {@link bitnet.api.inference.Model}
 * from a checkpoint path; a model opens {@link bitnet.api.inference.Session}s, each with its own KV cache, that
 * prefill prompts, step token by token and generate text with {@link bitnet.api.inference.GenerationOptions}.
 */
@Export
@Version("1.0.0")
package bitnet.api.inference;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
