package io.leadflow.bench;

import java.util.Arrays;

/** The benchmark jar's entry point: {@code trigger} (bench/run.sh) or {@code due} (bench/peers.sh) and its options. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        String[] rest = argv.length == 0 ? argv : Arrays.copyOfRange(argv, 1, argv.length);
        switch (argv.length == 0 ? "" : argv[0]) {
            case "trigger" -> TriggerBench.main(rest);
            case "due" -> DueBench.main(rest);
            default -> {
                System.err.println("usage: java -jar leadflow-bench-exec.jar trigger|due --option=value ...");
                System.exit(2);
            }
        }
    }
}
