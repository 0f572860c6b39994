package io.leadflow.shared.lead;

import java.util.List;

/** One page of leads, newest first; {@code page} starts at 1. */
public record LeadPage(List<Lead> items, int page, int limit, long total) {

    public int totalPages() {
        return (int) ((total + limit - 1) / limit);
    }
}
