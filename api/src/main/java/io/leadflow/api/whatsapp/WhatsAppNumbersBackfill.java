package io.leadflow.api.whatsapp;

import io.leadflow.shared.client.Client;
import io.leadflow.shared.client.ClientDirectory;
import io.leadflow.shared.whatsapp.WhatsAppNumbers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Puts the numbers of WhatsApp credentials set before the number directory existed into it, so their deliveries are
 * routed. Idempotent; runs once per start.
 */
@Component
class WhatsAppNumbersBackfill implements ApplicationRunner {

    private final ClientDirectory clients;
    private final WhatsAppNumbers numbers;

    WhatsAppNumbersBackfill(ClientDirectory clients, WhatsAppNumbers numbers) {
        this.clients = clients;
        this.numbers = numbers;
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, String> credentials = new LinkedHashMap<>();
        for (Client client : clients.clients()) {
            if (numbers.numbersOf(client.clientCode()).isEmpty()) {
                clients.providerCredentials(client.clientCode(), "whatsapp").ifPresent(json -> credentials.put(client.clientCode(), json));
            }
        }
        numbers.backfill(credentials);
    }
}
