package bitnet.shell;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/**
 * {@code bitnet:generate MODEL PROMPT [name=value ...]}: streams the generated text, then one line of counts and
 * speeds. {@code bitnet:generate MODEL ids=1,289,143 [...]} takes the prompt as token ids (no BOS added, no tokenizer
 * needed) and prints only the generated ids. {@code chat=true} wraps the prompt as a user message in the model's chat
 * template. The KV cache precision is the precision plan's ({@code kv=f32|f16} overrides it), but F32 in ids mode,
 * which is meant for comparing with references.
 */
@Component(service = GenerateCommand.class,
        property = {"osgi.command.scope=bitnet", "osgi.command.function=generate"})
public final class GenerateCommand {
    private static final Set<String> OPTIONS = Set.of("max_tokens", "temperature", "top_k", "top_p", "min_p",
            "repeat_penalty", "repeat_last_n", "presence_penalty", "frequency_penalty", "seed", "stop", "chat",
            "system", "lm_head", "ignore_eos", "kv");

    private final ModelCache models;

    /** @param models the shell's loaded models */
    @Activate
    public GenerateCommand(@Reference ModelCache models) {
        this.models = models;
    }

    /**
     * @param session the Gogo session: the text streams to its console
     * @param model the model
     * @param prompt the prompt text, or {@code ids=ID,ID,...}
     * @param options {@code name=value} options
     * @return the counts and speeds line, or the generated ids in ids mode
     */
    @Descriptor("generates text from a prompt, streaming it; ids=1,2,3 takes and prints token ids instead")
    public String generate(CommandSession session,
            @Descriptor("a Hugging Face model folder or a .gguf file") String model,
            @Descriptor("the prompt text (quoted), or ids=ID,ID,... for token ids") String prompt,
            @Descriptor("max_tokens=N temperature=T (0 = greedy) top_k= top_p= min_p= repeat_penalty= repeat_last_n= "
                    + "presence_penalty= frequency_penalty= seed= stop=S (repeatable) chat=true system=TEXT "
                    + "lm_head=int8 ignore_eos=true kv=f32|f16") String... options) {
        boolean idsMode = prompt.startsWith("ids=");
        GenerationArguments args = GenerationArguments.parse(Arrays.asList(options), OPTIONS);
        PrintStream console = session.getConsole();
        Model m = models.get(model, "int8".equals(args.text("lm_head")), console);
        GenerationOptions o = args.options(GenerationOptions.defaults());
        int[] ids;
        if (idsMode) {
            ids = GenerationArguments.parseIds(prompt.substring(4), "ids");
        } else if (args.bool("chat")) {
            ids = m.encodeChat(args.has("system") ? List.of(ChatMessage.system(args.text("system")),
                    ChatMessage.user(prompt)) : List.of(ChatMessage.user(prompt)), true);
        } else {
            ids = m.encodePrompt(prompt);
        }
        int capacity = Math.min(m.config().contextLength(), ids.length + o.maxTokens());
        Precision kv = args.kv(idsMode ? Precision.F32 : null);
        try (Session s = kv == null ? m.newSession(Math.max(1, capacity)) : m.newSession(Math.max(1, capacity), kv)) {
            if (idsMode) {
                GenerationResult r = s.generate(ids, o, TokenListener.NONE);
                StringJoiner out = new StringJoiner(" ");
                Arrays.stream(r.tokens()).forEach(t -> out.add(Integer.toString(t)));
                return out.toString();
            }
            GenerationResult r = s.generate(ids, o, (id, text) -> {
                console.print(text);
                console.flush();
                return true;
            });
            console.println();
            return summary(r);
        }
    }

    static String summary(GenerationResult r) {
        return String.format(Locale.ROOT, "prompt %d tokens (%.1f tokens/s), generated %d tokens (%.2f tokens/s), %s",
                r.promptTokens(), r.promptTokensPerSecond(), r.tokens().length, r.generatedTokensPerSecond(),
                switch (r.finishReason()) {
                    case STOP -> "stopped";
                    case LENGTH -> "max_tokens reached";
                    case CANCELLED -> "cancelled";
                });
    }
}
