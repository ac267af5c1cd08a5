package bitnet.shell;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.TokenizerFactory;

/**
 * Gogo commands {@code bitnet:encode TOKENIZER TEXT} and {@code bitnet:decode TOKENIZER IDS...}. TOKENIZER is a
 * configured tokenizer's name or a path (tokenizer.json, a folder, vocab.json, vocab.txt).
 */
@Component(service = TokenizerCommands.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=encode",
        "osgi.command.function=decode"})
public final class TokenizerCommands {
    @Reference(service = Tokenizer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.REPLACE,
            target = "(" + Tokenizer.NAME_PROPERTY + "=*)")
    private volatile List<Map.Entry<Map<String, Object>, Tokenizer>> named = List.of();

    private final TokenizerResolver resolver;

    /** @param factory loads tokenizers from files */
    @Activate
    public TokenizerCommands(@Reference TokenizerFactory factory) {
        this.resolver = new TokenizerResolver(factory, () -> NamedTokenizers.of(named));
    }

    /**
     * Encodes a text with special tokens.
     *
     * @param tokenizer a configured name or a path
     * @param words the text; several arguments are joined with single spaces (quote the text to keep its spacing)
     * @return the ids on the first line, the tokens on the second
     * @throws IllegalArgumentException if the tokenizer cannot be found or loaded
     */
    @Descriptor("encodes a text (special tokens added): the ids, then the tokens")
    public String encode(@Descriptor("a configured tokenizer's name, or a tokenizer.json, folder, vocab.json or vocab.txt") String tokenizer,
            @Descriptor("the text; several arguments are joined with one space") String... words) {
        String text = String.join(" ", words);
        Tokenizer t = resolver.resolve(tokenizer);
        Encoding e;
        try {
            e = t.encode(text, true);
        } catch (TokenizerException ex) {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.length(); i++) {
            sb.append(i == 0 ? "" : " ").append(e.ids()[i]);
        }
        sb.append('\n').append(Arrays.toString(e.tokens()));
        return sb.toString();
    }

    /**
     * Decodes ids, special tokens kept.
     *
     * @param tokenizer a configured name or a path
     * @param ids token ids, separate arguments or comma/space separated
     * @return the text
     * @throws IllegalArgumentException if an id is not a number or not in the vocabulary
     */
    @Descriptor("decodes token ids to text (special tokens kept)")
    public String decode(@Descriptor("a configured tokenizer's name, or a tokenizer.json, folder, vocab.json or vocab.txt") String tokenizer,
            @Descriptor("token ids, as separate arguments or separated by commas or spaces") String... ids) {
        Tokenizer t = resolver.resolve(tokenizer);
        int[] parsed = parseIds(ids);
        try {
            return t.decode(parsed, false);
        } catch (TokenizerException ex) {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    static int[] parseIds(String... args) {
        String joined = String.join(" ", args).replace('[', ' ').replace(']', ' ').replace(',', ' ').strip();
        if (joined.isEmpty()) {
            return new int[0];
        }
        String[] parts = joined.split("\\s+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a token id (a whole number)", e);
            }
        }
        return out;
    }
}
