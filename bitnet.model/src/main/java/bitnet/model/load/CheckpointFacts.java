package bitnet.model.load;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import bitnet.api.model.TokenizerSource;

/**
 * What a checkpoint says about text rather than weights.
 *
 * @param tokenizer where the tokenizer comes from
 * @param chatTemplate the Jinja chat template, or null
 * @param chatTemplateSource where the template came from (ignored when there is none)
 * @param bosTokenId the begin-of-text id, or null
 * @param addBosToken whether prompts start with it
 * @param stopTokenIds ids that end a generation, in the order found
 * @param eosToken the end-of-sequence token's text for chat templates, or null
 */
public record CheckpointFacts(TokenizerSource tokenizer, String chatTemplate, String chatTemplateSource,
        Integer bosTokenId, boolean addBosToken, Set<Integer> stopTokenIds, String eosToken) {

    /** @throws NullPointerException if the tokenizer or the stop set is null */
    public CheckpointFacts {
        Objects.requireNonNull(tokenizer, "tokenizer");
        stopTokenIds = Collections.unmodifiableSet(new LinkedHashSet<>(stopTokenIds));
    }
}
