package io.leadflow.workflows.sequence;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The code sequences a worker can run, by name. Built once when the worker starts (from the worker's
 * {@link SequenceDefinition} beans) and handed to every {@code SequenceWorkflowImpl}; immutable after that.
 */
public final class SequenceRegistry {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Map<String, SequenceDefinition> byName;

    public SequenceRegistry(Collection<? extends SequenceDefinition> definitions) {
        Map<String, SequenceDefinition> map = new LinkedHashMap<>();
        for (SequenceDefinition definition : definitions) {
            if (!NAME.matcher(definition.name()).matches()) {
                throw new IllegalArgumentException("sequence name '" + definition.name() + "' must match " + NAME);
            }
            if (map.put(definition.name(), definition) != null) {
                throw new IllegalArgumentException("two sequence definitions are named '" + definition.name() + "'");
            }
        }
        this.byName = Map.copyOf(map);
    }

    public static SequenceRegistry empty() {
        return new SequenceRegistry(List.of());
    }

    public Optional<SequenceDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Every definition, by name. */
    public List<SequenceDefinition> all() {
        return byName.values().stream().sorted(java.util.Comparator.comparing(SequenceDefinition::name)).toList();
    }
}
