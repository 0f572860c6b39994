package io.leadflow.contracts.rule;

/**
 * A wall-clock wait: either an absolute instant ({@code at}, ISO-8601) or the next occurrence of a local
 * time ({@code time} "09:00") in {@code timezone} (else the lead's, else the tenant's).
 */
public record WaitUntil(String at, String time, String timezone) {
}
