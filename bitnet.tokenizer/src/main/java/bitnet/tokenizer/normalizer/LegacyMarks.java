package bitnet.tokenizer.normalizer;

/**
 * Non-spacing marks (Mn) as the Hugging Face library's BERT normalizer knows them: its table is Unicode 8.0, so
 * marks assigned later (U+08DF, U+1DFA, ...) are kept there, and must be kept here to match.
 */
final class LegacyMarks {
    private LegacyMarks() {
    }

    static boolean isNonSpacingMark(int cp) {
        return Character.getType(cp) == Character.NON_SPACING_MARK;
    }
}
