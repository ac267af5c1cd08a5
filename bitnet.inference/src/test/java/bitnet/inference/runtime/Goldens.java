package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.inference.ChatMessage;

/**
 * Expected values that do not come from the code under test: the tiny checkpoints' float64 reference
 * ({@code reference/<model>/greedy.json}, {@code chat-reference.json}, written by bitnet.model's generator) and this
 * module's {@code session-goldens.json} (written by {@code src/test/python/gen_session_goldens.py} with the same
 * reference forward pass), plus small helpers to compare against them.
 */
final class Goldens {
    /** float32 runtime against the float64 reference; the same tolerance ReferenceLogitsTest argues for. */
    static final float LOGIT_TOLERANCE = 2e-4f;

    private Goldens() {
    }

    /** The reference prompt of a model and its 10-token greedy continuation. */
    record Greedy(int[] prompt, int[] generated, String text) {
    }

    static Greedy greedy(String model) {
        JsonNode g = json(Runtime.tiny().resolve("reference").resolve(model).resolve("greedy.json"));
        return new Greedy(ints(g.get("prompt_ids")), ints(g.get("generated_ids")), g.get("generated_text").asText());
    }

    /** @return the 3 conversations of {@code chat-reference.json} */
    static JsonNode chatReference() {
        return json(Runtime.tiny().resolve("chat-reference.json")).get("conversations");
    }

    /** @return {@code session-goldens.json} of this module's test resources */
    static JsonNode session() {
        try (var in = Goldens.class.getResourceAsStream("/session-goldens.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path p) {
        try {
            return new ObjectMapper().readTree(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    static List<ChatMessage> messages(JsonNode a) {
        List<ChatMessage> r = new ArrayList<>();
        for (JsonNode m : a) {
            r.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return r;
    }

    static int[] concat(int[]... parts) {
        int[] r = new int[0];
        for (int[] p : parts) {
            int n = r.length;
            r = Arrays.copyOf(r, n + p.length);
            System.arraycopy(p, 0, r, n, p.length);
        }
        return r;
    }

    static int[] range(int[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    /** @return the highest value's index, ties to the lowest (the greedy rule) */
    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    static int commonPrefix(int[] a, int[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** @return the largest absolute difference */
    static float maxDifference(float[] want, float[] got) {
        assertEquals(want.length, got.length, "lengths");
        float worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        return worst;
    }

    static void assertClose(float[] want, float[] got, float tolerance, String what) {
        float worst = maxDifference(want, got);
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + ", tolerance " + tolerance);
    }
}
