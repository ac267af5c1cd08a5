package bitnet.tokenizer.text;

/**
 * Character classes as the Hugging Face library (Rust) defines them, where they differ from {@link Character}'s.
 */
public final class Chars {
    private Chars() {
    }

    /**
     * @param cp a code point
     * @return whether it has the Unicode White_Space property (Rust {@code char::is_whitespace}); unlike
     *     {@link Character#isWhitespace(int)} this includes no-break spaces and excludes U+001C..U+001F
     */
    public static boolean isWhiteSpace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /**
     * @param cp a code point
     * @return whether its general category is punctuation (Pc, Pd, Ps, Pe, Pi, Pf, Po) and Unicode 8.0 had it, as
     *     Hugging Face's category table says
     */
    public static boolean isPunctuation(int cp) {
        if (cp >= 0x80 && !Unicode8.isAssigned(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * @param cp a code point
     * @return BERT's punctuation: every ASCII non-letter non-digit printable, or Unicode punctuation
     */
    public static boolean isBertPunctuation(int cp) {
        return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)
                || isPunctuation(cp);
    }

    /**
     * @param cp a code point
     * @return Rust {@code is_ascii_punctuation} or Unicode punctuation (the Punctuation pre-tokenizer)
     */
    public static boolean isAsciiOrUnicodePunctuation(int cp) {
        return isBertPunctuation(cp);
    }

    /**
     * @param cp a code point
     * @return whether its general category is "other" (Cc, Cf, Co) and Unicode 8.0 had it, as Hugging Face's
     *     category table says
     */
    public static boolean isOther(int cp) {
        if (cp >= 0x80 && !Unicode8.isAssigned(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    /**
     * @param cp a code point
     * @return whether BERT treats it as a CJK ideograph and isolates it
     */
    public static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /**
     * @param cp a code point
     * @return whether it is a combining mark (Mn, Mc, Me)
     */
    public static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                || t == Character.ENCLOSING_MARK;
    }

    /**
     * @param cp a code point
     * @return Rust {@code char::is_numeric}: Nd, Nl or No
     */
    public static boolean isNumeric(int cp) {
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /**
     * @param cp a code point
     * @return Rust {@code char::to_lowercase}, which is context-free and maps U+0130 to two code points
     */
    public static String lowercase(int cp) {
        if (cp == 0x130) {
            return "i\u0307";
        }
        return Character.toString(Character.toLowerCase(cp));
    }

    /**
     * @param s a Java string
     * @return the same string with every unpaired surrogate replaced by U+FFFD, the string a UTF-8 based tokenizer sees
     */
    public static String wellFormed(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                return repair(s);
            }
            i++;
        }
        return s;
    }

    private static String repair(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
