package io.leadflow.activities.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A tenant's {@code smtp} credentials JSON.
 *
 * @param host SMTP server host
 * @param port SMTP port; 587 when absent (465 when {@code ssl})
 * @param username login, optional for servers without authentication
 * @param password password or app password
 * @param from the sender address, also the envelope sender
 * @param fromName display name of the sender, optional
 * @param startTls upgrade the connection with STARTTLS and refuse to continue without it
 * @param ssl connect with implicit TLS (SMTPS, usually port 465)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SmtpCredentials(
        String host,
        Integer port,
        String username,
        String password,
        String from,
        String fromName,
        Boolean startTls,
        Boolean ssl) {

    int effectivePort() {
        if (port != null && port > 0) {
            return port;
        }
        return Boolean.TRUE.equals(ssl) ? 465 : 587;
    }
}
