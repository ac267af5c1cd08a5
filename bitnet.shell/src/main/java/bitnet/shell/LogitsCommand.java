package bitnet.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.io.TensorIO;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:logits MODEL OUT.npy IDS [lm_head=int8]}: the logits of every position of a prompt given as token ids, computed with
 * an F32 KV cache whatever the precision plan says, since these logits are meant for comparing with references.
 */
@Component(service = LogitsCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=logits"})
public final class LogitsCommand {
    private static final Set<String> OPTIONS = Set.of("lm_head");
    private final ModelCache models;
    private final TensorIO io;

    /**
     * @param models the shell's loaded models
     * @param io writes the .npy file
     */
    @Activate
    public LogitsCommand(@Reference ModelCache models, @Reference TensorIO io) {
        this.models = models;
        this.io = io;
    }

    /**
     * @param session the Gogo session, for progress
     * @param model the model
     * @param out the .npy file to write
     * @param ids comma-separated token ids
     * @param options {@code lm_head=int8}
     * @return what was written
     * @throws IOException if the file cannot be written
     */
    @Descriptor("writes float32 [len, vocab]: the logits of every position of a prompt of token ids (no BOS added)")
    public String logits(CommandSession session, @Descriptor("a Hugging Face model folder or a .gguf file") String model,
            @Descriptor("the output .npy file") String out,
            @Descriptor("comma-separated token ids, e.g. 128000,9906,1917") String ids,
            @Descriptor("lm_head=int8 (the LM head as int8 rows, to measure its logit error)") String... options)
            throws IOException {
        GenerationArguments args = GenerationArguments.parse(Arrays.asList(options), OPTIONS);
        int[] tokens = GenerationArguments.parseIds(ids, "IDS");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("IDS: give at least one token id");
        }
        Path target = UserPaths.output(out);
        Model m = models.get(model, "int8".equals(args.text("lm_head")), session.getConsole());
        try (Session s = m.newSession(Math.min(m.config().contextLength(), Math.max(1, tokens.length)), Precision.F32);
                Tensor logits = s.prefill(tokens, true)) {
            io.writeNpy(target, logits);
            return "wrote " + target + ": " + logits.dtype() + " " + Arrays.toString(logits.shape());
        }
    }
}
