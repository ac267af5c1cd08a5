package bitnet.inference.runtime;

import static bitnet.inference.runtime.Goldens.concat;
import static bitnet.inference.runtime.Goldens.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/**
 * How generations end: the model's stop tokens (a prompt whose float64 greedy continuation reaches one, from
 * session-goldens.json), stop strings (cut in model-a's reference text " are|d|ps|\xc7|dea| are| answers| simple|
 * g|at", greedy.json's generated_text), max_tokens, a listener that says no, and {@link Session#cancel()} from
 * another thread.
 */
class StoppingTest {
    private static final Goldens.Greedy REF = Goldens.greedy("model-a");
    private static final int[] PROMPT = REF.prompt();
    private static final int[] WANT = REF.generated();

    private static Runtime rt;
    private static Model model;

    @BeforeAll
    static void load() {
        rt = new Runtime(true, Precision.F32);
        model = rt.load("hf-autobitlinear");
    }

    @AfterAll
    static void close() {
        model.close();
        rt.close();
    }

    /** Records what a listener is told. */
    private static final class Recorder implements TokenListener {
        final List<Integer> ids = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public boolean onToken(int tokenId, String piece) {
            ids.add(tokenId);
            text.append(piece);
            return true;
        }
    }

    private static GenerationOptions greedy(int n) {
        return GenerationOptions.greedy().withMaxTokens(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-autobitlinear", "gguf-i2s.gguf"})
    void aStopTokenEndsTheGenerationAndIsNeitherInTheTokensNorInTheText(String variant) {
        JsonNode stop = Goldens.session().get("stop");
        int[] prompt = Goldens.ints(stop.get("prompt_ids"));
        int[] reference = Goldens.ints(stop.get("generated_ids"));
        int stopId = stop.get("stop_id").asInt();
        int[] before = range(reference, 0, reference.length - 1);
        try (Model m = rt.load(variant); Session s = m.newSession()) {
            assertEquals(Set.of(510, 511), m.stopTokenIds(), "<|end_of_text|> and <|eot_id|> (README)");
            Recorder listener = new Recorder();
            GenerationResult r = s.generate(prompt, greedy(10), listener);
            assertEquals(FinishReason.STOP, r.finishReason());
            assertArrayEquals(before, r.tokens());
            assertEquals(stop.get("text_before_stop").asText(), r.text());
            assertEquals(listener.text.toString(), r.text());
            assertFalse(listener.ids.contains(stopId), "the stop token is not reported: " + listener.ids);
            assertArrayEquals(concat(prompt, before), s.tokens(), "the stop token is pending");

            s.generate(new int[0], greedy(1).withIgnoreStopTokens(true), TokenListener.NONE);
            assertArrayEquals(concat(prompt, reference), s.tokens(), "the next call feeds the stop token first");
        }
    }

    @Test
    void ignoringStopTokensGeneratesThem() {
        JsonNode stop = Goldens.session().get("stop");
        int[] reference = Goldens.ints(stop.get("generated_ids"));
        try (Session s = model.newSession()) {
            GenerationResult r = s.generate(Goldens.ints(stop.get("prompt_ids")),
                    greedy(reference.length).withIgnoreStopTokens(true), TokenListener.NONE);
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertArrayEquals(reference, r.tokens());
        }
    }

    @Test
    void aStopStringSpanningTwoTokensCutsTheTextBeforeIt() {
        // "rs sim" begins in " answers" (WANT[6]) and ends in " simple" (WANT[7]).
        try (Session s = model.newSession()) {
            Recorder listener = new Recorder();
            GenerationResult r = s.generate(PROMPT, greedy(10).withStop(List.of("rs sim")), listener);
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals(REF.text().substring(0, REF.text().indexOf("rs sim")), r.text());
            assertEquals(" aredps\uFFFDdea are answe", r.text());
            assertEquals(r.text(), listener.text.toString(), "the listener never saw the stop string");
            assertArrayEquals(range(WANT, 0, 8), r.tokens(), "the tokens up to the one completing the stop string");
        }
    }

    @Test
    void theEarliestStopStringWins() {
        try (Session s = model.newSession()) {
            GenerationResult r = s.generate(PROMPT, greedy(10).withStop(List.of("answers", "dea")),
                    TokenListener.NONE);
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals(" aredps\uFFFD", r.text());
            assertArrayEquals(range(WANT, 0, 5), r.tokens());
        }
    }

    @Test
    void textHeldBackAsAPossibleStopStringArrivesAtTheEnd() {
        // " g" + "at" could become "gate": held back until the generation ends, then told with id -1.
        try (Session s = model.newSession()) {
            Recorder listener = new Recorder();
            GenerationResult r = s.generate(PROMPT, greedy(10).withStop(List.of("gate")), listener);
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertEquals(REF.text(), r.text());
            assertEquals(REF.text(), listener.text.toString());
            assertEquals(-1, listener.ids.get(listener.ids.size() - 1));
            assertEquals(11, listener.ids.size(), "10 tokens and the held-back text");
        }
    }

    @Test
    void maxTokensEndsTheGenerationWithLength() {
        try (Session s = model.newSession()) {
            GenerationResult r = s.generate(PROMPT, greedy(3), TokenListener.NONE);
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertArrayEquals(range(WANT, 0, 3), r.tokens());
            assertEquals(" aredps", r.text());
        }
        try (Session s = model.newSession()) {
            GenerationResult r = s.generate(PROMPT, greedy(0), TokenListener.NONE);
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertArrayEquals(new int[0], r.tokens());
            assertEquals(12, s.position(), "max_tokens 0 feeds the prompt");
            assertArrayEquals(WANT, s.generate(new int[0], greedy(10), TokenListener.NONE).tokens());
        }
    }

    @Test
    void aListenerThatReturnsFalseCancels() {
        try (Session s = model.newSession()) {
            List<Integer> seen = new ArrayList<>();
            GenerationResult r = s.generate(PROMPT, greedy(10), (id, text) -> {
                seen.add(id);
                return seen.size() < 3;
            });
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertArrayEquals(range(WANT, 0, 3), r.tokens(), "the tokens so far, the refused one included");
            assertEquals(" aredps", r.text());
            assertEquals(List.of(WANT[0], WANT[1], WANT[2]), seen);
            assertArrayEquals(range(WANT, 3, 10), s.generate(new int[0], greedy(7), TokenListener.NONE).tokens(),
                    "a cancelled generation can be continued");
        }
    }

    @Test
    void cancelFromAnotherThreadEndsTheGeneration() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        try (Session s = model.newSession()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    assertTrue(reached.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                s.cancel();
                cancelled.countDown();
            });
            List<Integer> seen = new ArrayList<>();
            GenerationResult r = s.generate(PROMPT, greedy(10), (id, text) -> {
                seen.add(id);
                if (seen.size() == 4) {
                    reached.countDown();
                    try {
                        assertTrue(cancelled.await(30, TimeUnit.SECONDS), "the other thread cancelled");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return true;
            });
            canceller.get(30, TimeUnit.SECONDS);
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertArrayEquals(range(WANT, 0, 4), r.tokens());
        }
    }

    @Test
    void aCancelWhileNothingRunsDoesNotEndTheNextGeneration() {
        try (Session s = model.newSession()) {
            s.cancel();
            GenerationResult r = s.generate(PROMPT, greedy(10), TokenListener.NONE);
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertArrayEquals(WANT, r.tokens());
        }
    }
}
