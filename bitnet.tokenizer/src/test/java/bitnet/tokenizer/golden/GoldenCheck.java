package bitnet.tokenizer.golden;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.tokenizer.BatchOptions;
import bitnet.api.tokenizer.Direction;
import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.Padding;
import bitnet.api.tokenizer.TextPair;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.Truncation;

/** Compares a tokenizer with Hugging Face's recorded outputs; returns one line per difference. */
public final class GoldenCheck {
    private GoldenCheck() {
    }

    /**
     * @param tok the tokenizer
     * @param records golden records
     * @return differences
     */
    public static List<String> records(Tokenizer tok, List<JsonNode> records) {
        List<String> bad = new ArrayList<>();
        for (JsonNode r : records) {
            String text = r.get("text").asText();
            String where = "record " + r.get("id") + " (" + r.get("src").asText() + ")";
            try {
                Encoding plain = tok.encode(text, false);
                int[] ids = Fixtures.ints(r.get("ids"));
                if (!Arrays.equals(plain.ids(), ids)) {
                    bad.add(where + " ids: expected " + Arrays.toString(ids) + " got " + Arrays.toString(plain.ids()));
                    continue;
                }
                String[] tokens = Fixtures.strings(r.get("tokens"));
                if (!Arrays.equals(plain.tokens(), tokens)) {
                    bad.add(where + " tokens: expected " + Arrays.toString(tokens) + " got "
                            + Arrays.toString(plain.tokens()));
                }
                int[] special = Fixtures.ints(r.get("ids_special"));
                int[] gotSpecial = tok.encode(text, true).ids();
                if (!Arrays.equals(gotSpecial, special)) {
                    bad.add(where + " ids_special: expected " + Arrays.toString(special) + " got "
                            + Arrays.toString(gotSpecial));
                }
                String decoded = tok.decode(ids, false);
                if (!decoded.equals(r.get("decoded").asText())) {
                    bad.add(where + " decoded: expected " + quote(r.get("decoded").asText()) + " got "
                            + quote(decoded));
                }
                String skip = tok.decode(special, true);
                if (!skip.equals(r.get("decoded_skip_special").asText())) {
                    bad.add(where + " decoded_skip_special: expected " + quote(r.get("decoded_skip_special").asText())
                            + " got " + quote(skip));
                }
            } catch (RuntimeException e) {
                bad.add(where + " threw " + e);
            }
        }
        return bad;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * @param tok the tokenizer
     * @param batch the batch fixture
     * @return differences
     */
    public static List<String> batch(Tokenizer tok, JsonNode batch) {
        List<String> bad = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        batch.get("texts").forEach(t -> texts.add(t.asText()));
        int padId = batch.get("pad_id").asInt();
        String padToken = batch.get("pad_token").asText();
        for (JsonNode c : batch.get("cases")) {
            String name = c.get("case").asText();
            List<Encoding> got;
            if (name.startsWith("encodeBatch add_special_tokens=")) {
                got = tok.encodeBatch(texts, BatchOptions.of(name.endsWith("true")));
            } else if (name.startsWith("truncation max_length=32 right + padding longest right")) {
                got = tok.encodeBatch(texts, new BatchOptions(true, Truncation.right(32), Padding.longest(padId,
                        padToken)));
            } else if (name.startsWith("truncation max_length=32 right + padding fixed 40 left")) {
                got = tok.encodeBatch(texts, new BatchOptions(true, Truncation.right(32), Padding.fixed(40,
                        Direction.LEFT, padId, padToken)));
            } else if (name.startsWith("pairs [[t1,t2],[t3,t4],[t6,t7]] truncation max_length=24 longest_first")) {
                List<TextPair> pairs = List.of(new TextPair(texts.get(1), texts.get(2)),
                        new TextPair(texts.get(3), texts.get(4)), new TextPair(texts.get(6), texts.get(7)));
                got = tok.encodePairBatch(pairs, new BatchOptions(true, Truncation.right(24), null));
            } else {
                bad.add("unknown batch case " + name);
                continue;
            }
            JsonNode want = c.get("encodings");
            if (want.size() != got.size()) {
                bad.add(name + ": expected " + want.size() + " encodings, got " + got.size());
                continue;
            }
            for (int i = 0; i < got.size(); i++) {
                Encoding e = got.get(i);
                JsonNode w = want.get(i);
                compare(bad, name + " #" + i + " ids", Fixtures.ints(w.get("ids")), e.ids());
                compare(bad, name + " #" + i + " type_ids", Fixtures.ints(w.get("type_ids")), e.typeIds());
                compare(bad, name + " #" + i + " attention_mask", Fixtures.ints(w.get("attention_mask")),
                        e.attentionMask());
                compare(bad, name + " #" + i + " special_tokens_mask", Fixtures.ints(w.get("special_tokens_mask")),
                        e.specialTokensMask());
            }
            if (c.has("decoded_skip_special")) {
                List<int[]> ids = new ArrayList<>();
                got.forEach(e -> ids.add(e.ids()));
                List<String> decoded = tok.decodeBatch(ids, true);
                if (decoded.size() != c.get("decoded_skip_special").size()) {
                    bad.add(name + ": expected " + c.get("decoded_skip_special").size() + " decoded texts, got "
                            + decoded.size());
                    continue;
                }
                for (int i = 0; i < decoded.size(); i++) {
                    String w = c.get("decoded_skip_special").get(i).asText();
                    if (!w.equals(decoded.get(i))) {
                        bad.add(name + " #" + i + " decoded_skip_special: expected " + quote(w) + " got "
                                + quote(decoded.get(i)));
                    }
                }
            }
        }
        return bad;
    }

    private static void compare(List<String> bad, String what, int[] want, int[] got) {
        if (!Arrays.equals(want, got)) {
            bad.add(what + ": expected " + Arrays.toString(want) + " got " + Arrays.toString(got));
        }
    }
}
