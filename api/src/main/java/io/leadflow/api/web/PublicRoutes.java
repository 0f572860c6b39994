package io.leadflow.api.web;

import java.util.Set;

/** Routes under tenant prefixes that need no API key (they authenticate another way, or not at all). */
public final class PublicRoutes {

    private static final Set<String> PUBLIC = Set.of("/api/saas/health");

    private PublicRoutes() {
    }

    public static boolean isPublic(String path) {
        return PUBLIC.contains(path) || path.startsWith("/api/saas/whatsapp/webhook");
    }
}
