package bitnet.shell;

import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.Model;
import bitnet.api.inference.ModelInfo;
import bitnet.api.model.ModelConfig;

/**
 * {@code bitnet:model-info MODEL}: what a checkpoint is and how it loaded: architecture, hyper-parameters, tensors by
 * stored type, bytes read in place and converted, tokenizer and chat template sources, KV cache and LM head, and the
 * loader's notes. Gogo runs a hyphenated command through {@code _main}, with the command's name first.
 */
@Component(service = ModelInfoCommand.class,
        property = {"osgi.command.scope=bitnet", "osgi.command.function=model-info"})
public final class ModelInfoCommand {
    private final ModelCache models;

    /** @param models the shell's loaded models */
    @Activate
    public ModelInfoCommand(@Reference ModelCache models) {
        this.models = models;
    }

    /**
     * @param session the Gogo session, for progress
     * @param command the command's name, as Gogo passes it
     * @param model a Hugging Face model folder or a GGUF file
     * @return the description
     */
    @Descriptor("a model's architecture, hyper-parameters, tensors by type, memory, tokenizer and chat template")
    public String _main(CommandSession session, String command,
            @Descriptor("a Hugging Face model folder or a .gguf file") String model) {
        return describe(models.get(model, false, session.getConsole()));
    }

    static String describe(Model model) {
        ModelInfo i = model.info();
        ModelConfig c = i.config();
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("model          ").append(i.source()).append(" (").append(i.format()).append(')').append(nl);
        sb.append("architecture   ").append(c.architecture()).append(nl);
        sb.append(String.format(Locale.ROOT, "shape          vocab %d, hidden %d, intermediate %d, %d layers, "
                + "%d heads, %d KV heads, head dim %d%n", c.vocabSize(), c.hiddenSize(), c.intermediateSize(),
                c.layers(), c.heads(), c.kvHeads(), c.headDim()));
        sb.append(String.format(Locale.ROOT, "               context %d, rms_norm_eps %s, rope_theta %s, %s%n",
                c.contextLength(), Float.toString(c.rmsNormEps()), Float.toString(c.ropeTheta()), c.tiedEmbeddings() ? "tied embeddings"
                        : "separate LM head"));
        int total = i.storedTypes().values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, Integer> e : i.storedTypes().entrySet()) {
            types.append(types.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        sb.append("tensors        ").append(total).append(": ").append(types).append(nl);
        sb.append("memory         ").append(MemoryCommands.bytes(i.mappedBytes())).append(" mapped (read in place), ")
                .append(MemoryCommands.bytes(i.convertedBytes())).append(" converted into the pool").append(nl);
        sb.append("tokenizer      ").append(i.tokenizerSource()).append(", ").append(model.tokenizer().vocabSize())
                .append(" tokens").append(nl);
        sb.append("chat template  ").append(i.chatTemplateSource()).append(nl);
        long perSession = 2L * c.layers() * c.contextLength() * c.kvWidth()
                * (i.kvCache().dtype() == null ? 4 : i.kvCache().dtype().bitsPerElement() / 8);
        sb.append("KV cache       ").append(i.kvCache()).append(", ").append(MemoryCommands.bytes(perSession))
                .append(" for a session of the full context").append(nl);
        sb.append("LM head        ").append(i.lmHead()).append(nl);
        sb.append("stop tokens    ").append(model.stopTokenIds()).append(nl);
        for (String note : i.notes()) {
            sb.append("note           ").append(note).append(nl);
        }
        return sb.toString().stripTrailing();
    }
}
