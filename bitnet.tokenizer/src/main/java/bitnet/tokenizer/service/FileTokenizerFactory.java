package bitnet.tokenizer.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.TokenizerFactory;
import bitnet.tokenizer.json.TokenizerJson;
import bitnet.tokenizer.pipeline.Tokenizers;

/** The factory service: loads tokenizer.json, vocab.json + merges.txt, or vocab.txt. */
@Component(service = TokenizerFactory.class)
public final class FileTokenizerFactory implements TokenizerFactory {

    @Override
    public Tokenizer load(Path path) {
        return Tokenizers.load(Objects.requireNonNull(path, "path"));
    }

    @Override
    public Tokenizer fromJson(String tokenizerJson) {
        try {
            return TokenizerJson.read(new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TokenizerException("cannot read the tokenizer document: " + e.getMessage(), e);
        }
    }
}
