package io.leadflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} command-line options of the benchmarks; {@code --flag} alone means {@code true}. */
final class BenchArgs {

    private BenchArgs() {
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            args.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return args;
    }

    /** The option's value, else {@code fallback}; a null fallback makes the option required. */
    static String get(Map<String, String> args, String name, String fallback) {
        String value = args.get(name);
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value == null ? fallback : value;
    }
}
