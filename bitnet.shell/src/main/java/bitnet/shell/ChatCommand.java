package bitnet.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;

/**
 * {@code bitnet:chat MODEL [system=TEXT] [name=value ...]}: a conversation in the console. Each line typed is a user
 * message; the answer streams back. The session keeps its KV cache between turns, so only the new turn is computed.
 * {@code /reset} starts over, {@code /exit} (or end of input) ends.
 */
@Component(service = ChatCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=chat"})
public final class ChatCommand {
    private static final Set<String> OPTIONS = Set.of("max_tokens", "temperature", "top_k", "top_p", "min_p",
            "repeat_penalty", "repeat_last_n", "presence_penalty", "frequency_penalty", "seed", "stop", "system",
            "lm_head", "kv");

    private final ModelCache models;

    /** @param models the shell's loaded models */
    @Activate
    public ChatCommand(@Reference ModelCache models) {
        this.models = models;
    }

    /**
     * @param session the Gogo session: lines come from its keyboard, answers go to its console
     * @param model the model
     * @param options {@code system=TEXT} and generation options
     * @return how many turns there were
     * @throws IOException if reading the keyboard fails
     */
    @Descriptor("an interactive conversation in the console (/reset starts over, /exit or end of input ends)")
    public String chat(CommandSession session, @Descriptor("a Hugging Face model folder or a .gguf file") String model,
            @Descriptor("system=TEXT, then generation options as bitnet:generate takes them (max_tokens=, "
                    + "temperature=, ...)") String... options) throws IOException {
        GenerationArguments args = GenerationArguments.parse(Arrays.asList(options), OPTIONS);
        PrintStream console = session.getConsole();
        Model m = models.get(model, "int8".equals(args.text("lm_head")), console);
        GenerationOptions o = args.options(GenerationOptions.defaults().withMaxTokens(512));
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(session.getKeyboard(),
                StandardCharsets.UTF_8));
        int turns = 0;
        bitnet.api.precision.Precision kv = args.kv(null);
        java.util.function.Supplier<Session> open = () -> kv == null ? m.newSession()
                : m.newSession(m.config().contextLength(), kv);
        Session s = open.get();
        try {
            console.println("chat with " + m.info().source().getFileName() + " (/reset starts over, /exit ends)");
            boolean first = true;
            while (true) {
                console.print("> ");
                console.flush();
                String line = keyboard.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.strip().equals("/reset")) {
                    s.close();
                    s = open.get();
                    first = true;
                    continue;
                }
                List<ChatMessage> turn = first && args.has("system")
                        ? List.of(ChatMessage.system(args.text("system")), ChatMessage.user(line))
                        : List.of(ChatMessage.user(line));
                GenerationResult r;
                try {
                    r = s.chat(turn, o, (id, text) -> {
                        console.print(text);
                        console.flush();
                        return true;
                    });
                } catch (ContextOverflowException e) {
                    console.println(e.getMessage() + "; type /reset to start over");
                    continue;
                }
                console.println();
                first = false;
                turns++;
                if (r.finishReason() == bitnet.api.inference.FinishReason.LENGTH) {
                    console.println("(max_tokens reached)");
                }
            }
        } finally {
            s.close();
        }
        console.println();
        return turns + " turn(s)";
    }
}
