package bitnet.tokenizer.json;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.decoder.Decoder;
import bitnet.tokenizer.decoder.Decoders;
import bitnet.tokenizer.normalizer.BertNormalizer;
import bitnet.tokenizer.normalizer.Lowercase;
import bitnet.tokenizer.normalizer.Normalizer;
import bitnet.tokenizer.normalizer.Prepend;
import bitnet.tokenizer.normalizer.Replace;
import bitnet.tokenizer.normalizer.SequenceNormalizer;
import bitnet.tokenizer.normalizer.Strip;
import bitnet.tokenizer.normalizer.StripAccents;
import bitnet.tokenizer.normalizer.UnicodeNormalizer;
import bitnet.tokenizer.pretokenizer.BertPreTokenizer;
import bitnet.tokenizer.pretokenizer.ByteLevel;
import bitnet.tokenizer.pretokenizer.Metaspace;
import bitnet.tokenizer.pretokenizer.PatternSplit;
import bitnet.tokenizer.pretokenizer.PreTokenizer;
import bitnet.tokenizer.pretokenizer.SequencePreTokenizer;
import bitnet.tokenizer.processor.ByteLevelProcessor;
import bitnet.tokenizer.processor.PostProcessor;
import bitnet.tokenizer.processor.SequenceProcessor;
import bitnet.tokenizer.processor.TemplateProcessor;
import bitnet.tokenizer.text.Chars;
import bitnet.tokenizer.text.SplitBehavior;
import bitnet.tokenizer.text.TextPattern;

/** Builds normalizers, pre-tokenizers, post-processors and decoders from their tokenizer.json objects. */
final class ComponentReader {
    private ComponentReader() {
    }

    static TokenizerException unsupported(String kind, String type, String supported) {
        return new TokenizerException("unsupported " + kind + " '" + type + "' in tokenizer.json; supported: "
                + supported);
    }

    static TextPattern pattern(JsonNode n, String where) {
        JsonNode p = n.get("pattern");
        if (Json.isNull(p)) {
            throw new TokenizerException(where + ": missing \"pattern\"");
        }
        if (p.has("Regex")) {
            return TextPattern.regex(p.get("Regex").asText());
        }
        if (p.has("String")) {
            return TextPattern.literal(p.get("String").asText());
        }
        throw new TokenizerException(where + ": \"pattern\" must hold \"Regex\" or \"String\": " + Json.abbreviate(p));
    }

    static Normalizer normalizer(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        String type = Json.type(n, "normalizer");
        return switch (type) {
            case "NFC" -> new UnicodeNormalizer(Form.NFC);
            case "NFD" -> new UnicodeNormalizer(Form.NFD);
            case "NFKC" -> new UnicodeNormalizer(Form.NFKC);
            case "NFKD" -> new UnicodeNormalizer(Form.NFKD);
            case "Lowercase" -> new Lowercase();
            case "StripAccents" -> new StripAccents();
            case "Replace" -> new Replace(pattern(n, "Replace normalizer"), Json.text(n, "content", "Replace"));
            case "Prepend" -> new Prepend(Json.text(n, "prepend", "Prepend normalizer"));
            case "Strip" -> new Strip(Json.boolOr(n, "strip_left", true), Json.boolOr(n, "strip_right", true));
            case "BertNormalizer" -> {
                boolean lower = Json.boolOr(n, "lowercase", true);
                JsonNode sa = n.get("strip_accents");
                boolean strip = Json.isNull(sa) ? lower : sa.asBoolean();
                yield new BertNormalizer(Json.boolOr(n, "clean_text", true), Json.boolOr(n, "handle_chinese_chars", true),
                        strip, lower);
            }
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonNode c : Json.array(n, "normalizers", "Sequence normalizer")) {
                    steps.add(normalizer(c));
                }
                yield new SequenceNormalizer(steps);
            }
            default -> throw unsupported("normalizer", type, "NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Replace, "
                    + "Prepend, Strip, BertNormalizer, Sequence");
        };
    }

    static PreTokenizer preTokenizer(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        String type = Json.type(n, "pre_tokenizer");
        return switch (type) {
            case "ByteLevel" -> new ByteLevel(Json.boolOr(n, "add_prefix_space", true), Json.boolOr(n, "use_regex", true));
            case "Split" -> new PatternSplit(pattern(n, "Split pre-tokenizer"),
                    SplitBehavior.parse(Json.text(n, "behavior", "Split pre-tokenizer")), Json.boolOr(n, "invert", false));
            case "Digits" -> new PatternSplit(TextPattern.codePoints(Chars::isNumeric),
                    Json.boolOr(n, "individual_digits", false) ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS,
                    false);
            case "Metaspace" -> new Metaspace(replacement(n), prependScheme(n), Json.boolOr(n, "split", true));
            case "Whitespace" -> PatternSplit.whitespace();
            case "WhitespaceSplit" -> PatternSplit.whitespaceSplit();
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "Punctuation" -> new PatternSplit(TextPattern.codePoints(Chars::isAsciiOrUnicodePunctuation),
                    SplitBehavior.parse(Json.textOr(n, "behavior", "Isolated")), false);
            case "CharDelimiterSplit" -> new PatternSplit(TextPattern.literal(Json.text(n, "delimiter", type)),
                    SplitBehavior.REMOVED, false);
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode c : Json.array(n, "pretokenizers", "Sequence pre-tokenizer")) {
                    steps.add(preTokenizer(c));
                }
                yield new SequencePreTokenizer(steps);
            }
            default -> throw unsupported("pre-tokenizer", type, "ByteLevel, Split, Digits, Metaspace, Whitespace, "
                    + "WhitespaceSplit, BertPreTokenizer, Punctuation, CharDelimiterSplit, Sequence");
        };
    }

    private static int replacement(JsonNode n) {
        String r = Json.textOr(n, "replacement", "\u2581");
        if (r.codePointCount(0, r.length()) != 1) {
            throw new TokenizerException("Metaspace: \"replacement\" must be one character, got '" + r + "'");
        }
        return r.codePointAt(0);
    }

    private static Metaspace.PrependScheme prependScheme(JsonNode n) {
        JsonNode s = n.get("prepend_scheme");
        if (!Json.isNull(s)) {
            return Metaspace.PrependScheme.parse(s.asText());
        }
        return Json.boolOr(n, "add_prefix_space", true) ? Metaspace.PrependScheme.ALWAYS
                : Metaspace.PrependScheme.NEVER;
    }

    static PostProcessor postProcessor(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        String type = Json.type(n, "post_processor");
        return switch (type) {
            case "ByteLevel" -> new ByteLevelProcessor(Json.boolOr(n, "trim_offsets", true),
                    Json.boolOr(n, "add_prefix_space", true));
            case "TemplateProcessing" -> template(n);
            case "BertProcessing" -> TemplateProcessor.bert(pairEntry(n, "cls"), pairEntry(n, "sep"));
            case "RobertaProcessing" -> TemplateProcessor.roberta(pairEntry(n, "cls"), pairEntry(n, "sep"),
                    Json.boolOr(n, "trim_offsets", true));
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (JsonNode c : Json.array(n, "processors", "Sequence post-processor")) {
                    steps.add(postProcessor(c));
                }
                yield new SequenceProcessor(steps);
            }
            default -> throw unsupported("post-processor", type, "TemplateProcessing, BertProcessing, "
                    + "RobertaProcessing, ByteLevel, Sequence");
        };
    }

    private static Map.Entry<String, Integer> pairEntry(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (Json.isNull(v) || !v.isArray() || v.size() != 2) {
            throw new TokenizerException("post-processor: \"" + field + "\" must be [token, id]");
        }
        return Map.entry(v.get(0).asText(), v.get(1).asInt());
    }

    private static TemplateProcessor template(JsonNode n) {
        JsonNode specials = n.get("special_tokens");
        return new TemplateProcessor(pieces(n, "single", specials), pieces(n, "pair", specials), false);
    }

    private static List<TemplateProcessor.Piece> pieces(JsonNode n, String field, JsonNode specials) {
        List<TemplateProcessor.Piece> out = new ArrayList<>();
        for (JsonNode p : Json.array(n, field, "TemplateProcessing")) {
            if (p.has("Sequence")) {
                JsonNode s = p.get("Sequence");
                String id = Json.text(s, "id", "TemplateProcessing sequence");
                if (!id.equals("A") && !id.equals("B")) {
                    throw new TokenizerException("TemplateProcessing: sequence id must be A or B, got " + id);
                }
                out.add(new TemplateProcessor.Sequence(id.equals("B"), Json.intOr(s, "type_id", 0)));
            } else if (p.has("SpecialToken")) {
                JsonNode s = p.get("SpecialToken");
                String name = Json.text(s, "id", "TemplateProcessing special token");
                JsonNode def = Json.isNull(specials) ? null : specials.get(name);
                if (Json.isNull(def)) {
                    throw new TokenizerException("TemplateProcessing: special token '" + name
                            + "' is used in the template but missing from \"special_tokens\"");
                }
                List<JsonNode> idNodes = Json.array(def, "ids", "special token " + name);
                List<JsonNode> tokNodes = Json.array(def, "tokens", "special token " + name);
                if (idNodes.size() != tokNodes.size()) {
                    throw new TokenizerException("TemplateProcessing: special token '" + name
                            + "' has different numbers of ids and tokens");
                }
                int[] ids = new int[idNodes.size()];
                String[] toks = new String[idNodes.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = idNodes.get(i).asInt();
                    toks[i] = tokNodes.get(i).asText();
                }
                out.add(new TemplateProcessor.Special(ids, toks, Json.intOr(s, "type_id", 0)));
            } else {
                throw new TokenizerException("TemplateProcessing: unknown template piece " + Json.abbreviate(p));
            }
        }
        return out;
    }

    static Decoder decoder(JsonNode n) {
        if (Json.isNull(n)) {
            return null;
        }
        String type = Json.type(n, "decoder");
        return switch (type) {
            case "ByteLevel" -> Decoders.byteLevel();
            case "Metaspace" -> Decoders.metaspace(replacement(n), prependScheme(n));
            case "WordPiece" -> Decoders.wordPiece(Json.textOr(n, "prefix", "##"), Json.boolOr(n, "cleanup", true));
            case "ByteFallback" -> Decoders.byteFallback();
            case "Fuse" -> Decoders.fuse();
            case "Strip" -> {
                String c = Json.text(n, "content", "Strip decoder");
                if (c.codePointCount(0, c.length()) != 1) {
                    throw new TokenizerException("Strip decoder: \"content\" must be one character, got \"" + c
                            + "\"");
                }
                yield Decoders.strip(c.codePointAt(0), Json.intOr(n, "start", 0), Json.intOr(n, "stop", 0));
            }
            case "Replace" -> Decoders.replace(new Replace(pattern(n, "Replace decoder"),
                    Json.text(n, "content", "Replace decoder")));
            case "BPEDecoder" -> Decoders.bpe(Json.textOr(n, "suffix", "</w>"));
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonNode c : Json.array(n, "decoders", "Sequence decoder")) {
                    steps.add(decoder(c));
                }
                yield Decoders.sequence(steps);
            }
            default -> throw unsupported("decoder", type, "ByteLevel, Metaspace, WordPiece, ByteFallback, Fuse, Strip, "
                    + "Replace, BPEDecoder, Sequence");
        };
    }
}
