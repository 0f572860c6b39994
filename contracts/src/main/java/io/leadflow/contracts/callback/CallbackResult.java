package io.leadflow.contracts.callback;

/**
 * @param statusCode the receiver's 2xx answer
 * @param attempt which attempt delivered it (1 for the first)
 */
public record CallbackResult(int statusCode, int attempt) {
}
