package bitnet.inference.chat;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

import bitnet.api.inference.InferenceException;

/**
 * Python's {@code datetime.strftime} in the C locale for a naive local time (what transformers' {@code strftime_now}
 * formats): {@code %a %A %b %B %d %e %f %H %I %j %m %M %p %S %w %y %Y %z %Z %%}, and glibc's {@code -} flag that drops
 * the padding ({@code %-d}). {@code %z} and {@code %Z} are empty, as for Python's naive {@code datetime.now()}.
 */
final class PythonStrftime {
    private PythonStrftime() {
    }

    static String format(String pattern, LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= pattern.length()) {
                throw new InferenceException("strftime_now: '" + pattern + "' ends with a lone %");
            }
            char d = pattern.charAt(++i);
            boolean pad = true;
            if (d == '-' && i + 1 < pattern.length()) {
                pad = false;
                d = pattern.charAt(++i);
            }
            out.append(directive(d, pad, t, pattern));
        }
        return out.toString();
    }

    private static String number(int value, int width, boolean pad) {
        String s = Integer.toString(value);
        return pad && s.length() < width ? "0".repeat(width - s.length()) + s : s;
    }

    private static String directive(char d, boolean pad, LocalDateTime t, String pattern) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (d) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'd' -> number(t.getDayOfMonth(), 2, pad);
            case 'e' -> pad && t.getDayOfMonth() < 10 ? " " + t.getDayOfMonth() : Integer.toString(t.getDayOfMonth());
            case 'f' -> number(t.getNano() / 1000, 6, pad);
            case 'H' -> number(t.getHour(), 2, pad);
            case 'I' -> number(hour12, 2, pad);
            case 'j' -> number(t.getDayOfYear(), 3, pad);
            case 'm' -> number(t.getMonthValue(), 2, pad);
            case 'M' -> number(t.getMinute(), 2, pad);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'S' -> number(t.getSecond(), 2, pad);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'y' -> number(t.getYear() % 100, 2, pad);
            case 'Y' -> Integer.toString(t.getYear());
            case 'z', 'Z' -> "";
            case '%' -> "%";
            default -> throw new InferenceException("strftime_now: unsupported directive %" + d + " in '" + pattern
                    + "'");
        };
    }
}
