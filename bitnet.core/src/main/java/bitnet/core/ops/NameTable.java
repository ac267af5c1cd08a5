package bitnet.core.ops;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import bitnet.api.tensor.Tensor;

/**
 * Operations by name with text parameters, as {@code TensorOps.invoke} and {@code bitnet:op} take them: each entry
 * says how many inputs it takes and which parameters it accepts, so a wrong count or a typo is an error with the
 * right usage rather than a silently ignored value.
 *
 * @param <C> what an entry calls (the operations facade, the linear algebra service)
 */
public final class NameTable<C> {
    /**
     * @param <C> what the entry calls
     */
    @FunctionalInterface
    public interface Invoker<C> {
        /**
         * @param target the service to call
         * @param inputs the operands, already counted
         * @param params the text parameters, already checked against the entry's names
         * @return the results, owned by the caller
         */
        List<Tensor> invoke(C target, List<Tensor> inputs, Map<String, String> params);
    }

    private record Entry<C>(int minInputs, int maxInputs, Set<String> params, Invoker<C> invoker) {
    }

    private final Map<String, Entry<C>> entries = new TreeMap<>();

    /**
     * @param name the lower-case name
     * @param minInputs fewest operands
     * @param maxInputs most operands ({@link Integer#MAX_VALUE}: any number)
     * @param params the parameter names accepted
     * @param invoker runs it
     * @return this table
     */
    public NameTable<C> put(String name, int minInputs, int maxInputs, Set<String> params, Invoker<C> invoker) {
        entries.put(name, new Entry<>(minInputs, maxInputs, params, invoker));
        return this;
    }

    /**
     * @param name any case
     * @return whether the table has it
     */
    public boolean has(String name) {
        return entries.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** @return the names, sorted */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * @param target the service the entry calls
     * @param name the operation, any case
     * @param inputs its operands
     * @param params its text parameters
     * @return the results, owned by the caller
     * @throws IllegalArgumentException for an unknown name, a wrong input count or an unknown parameter
     */
    public List<Tensor> invoke(C target, String name, List<Tensor> inputs, Map<String, String> params) {
        Entry<C> e = entries.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown operation '" + name + "'; known: " + String.join(", ", names()));
        }
        if (inputs.size() < e.minInputs() || inputs.size() > e.maxInputs()) {
            String want = e.minInputs() == e.maxInputs() ? String.valueOf(e.minInputs())
                    : e.minInputs() + (e.maxInputs() == Integer.MAX_VALUE ? " or more" : " to " + e.maxInputs());
            throw new IllegalArgumentException(name + " takes " + want + " input(s), got " + inputs.size());
        }
        for (String key : params.keySet()) {
            if (!e.params().contains(key)) {
                throw new IllegalArgumentException(name + " has no parameter '" + key + "'"
                        + (e.params().isEmpty() ? "" : "; it takes " + new TreeSet<>(e.params())));
            }
        }
        return e.invoker().invoke(target, inputs, params);
    }
}
