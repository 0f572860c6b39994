package io.leadflow.dev;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which lines of a child's log are worth echoing to the console: everything goes to the log file, only warnings
 * and errors reach the developer's terminal, so a failing start-up is visible without opening a file.
 */
final class LogEcho {

    /** Spring Boot's console format: {@code 2026-01-01T10:00:00.000Z  WARN 4242 --- [app] [main] ...}. */
    private static final Pattern SPRING_LEVEL = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s");

    /** Start-up failures Spring prints without a level prefix. */
    private static final Pattern SPRING_FAILURE =
            Pattern.compile("APPLICATION FAILED TO START|^Exception in thread|^Error: ");

    /** The Temporal CLI logs {@code level=WARN} for every transient poll error; only errors matter here. */
    private static final Pattern CLI_ERROR = Pattern.compile("\\blevel=ERROR\\b");

    /** FerretDB logs with {@code --log-level=warn}: only what went wrong reaches the file at all. */
    private static final Pattern FERRETDB_ERROR = Pattern.compile("\\b(ERROR|DPANIC|PANIC|FATAL)\\b|^panic:");

    /** The launcher's own logback format, used by the Java test server child. */
    private static final Pattern LAUNCHER_LEVEL = Pattern.compile("^\\S+ (WARN|ERROR) ");

    static final int MAX_ECHO = 240;

    private LogEcho() {
    }

    static Predicate<String> springApp() {
        return line -> SPRING_LEVEL.matcher(line).find() || SPRING_FAILURE.matcher(line).find();
    }

    static Predicate<String> temporalCli() {
        return line -> CLI_ERROR.matcher(line).find();
    }

    static Predicate<String> ferretdb() {
        return line -> FERRETDB_ERROR.matcher(line).find();
    }

    static Predicate<String> javaTestServer() {
        return line -> LAUNCHER_LEVEL.matcher(line).find();
    }

    /** One console line: the child's name, then the log line cut short so a stack of them stays readable. */
    static String format(String child, String line) {
        String text = line.length() > MAX_ECHO ? line.substring(0, MAX_ECHO) + " ..." : line;
        return "[" + child + "] " + text;
    }
}
