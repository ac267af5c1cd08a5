package bitnet.inference.chat;

import java.time.Clock;
import java.time.LocalDateTime;

/**
 * The globals transformers adds to every chat template, as static methods for Jinjava to call by reflection. Not for
 * direct use.
 */
public final class TemplateFunctions {
    /** The clock of the render in progress on this thread. */
    static final ThreadLocal<Clock> CLOCK = new ThreadLocal<>();

    private TemplateFunctions() {
    }

    /** Thrown by {@code raise_exception}; {@link ChatTemplate} turns it into an InferenceException. */
    static final class Raised extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Raised(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code raise_exception(message)}: ends the render with that message.
     *
     * @param message what the template objects to
     * @return never
     */
    public static String raiseException(String message) {
        throw new Raised(message);
    }

    /**
     * {@code strftime_now(format)}: the render's local time, formatted as Python's strftime does.
     *
     * @param format a strftime pattern
     * @return the formatted time
     */
    public static String strftimeNow(String format) {
        Clock clock = CLOCK.get();
        return PythonStrftime.format(format, LocalDateTime.now(clock != null ? clock : Clock.systemDefaultZone()));
    }
}
