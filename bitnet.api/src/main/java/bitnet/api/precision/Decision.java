package bitnet.api.precision;

import java.util.Objects;

/**
 * A precision and what decided it.
 *
 * @param precision the precision to use
 * @param reason the override, rule or default that decided it, as its rule text or a short phrase
 */
public record Decision(Precision precision, String reason) {
    /** @throws NullPointerException if an argument is null */
    public Decision {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(reason, "reason");
    }
}
