/**
 * Model checkpoints: the files a user downloads (a Hugging Face folder with safetensors, or a GGUF file) opened as
 * the tensors of one BitNet b1.58 transformer, format-neutral. The inference runtime ({@code bitnet.api.inference})
 * builds a model from a {@link bitnet.api.model.Checkpoint}.
 */
@Export
@Version("1.0.0")
package bitnet.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
