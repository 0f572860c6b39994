package io.leadflow.api.lead;

import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadPage;
import java.util.List;

/**
 * The envelope of a paged list: {@code { "success": true, "data": [...], "pagination": {page, limit, total,
 * totalPages} }}.
 */
public record PagedResponse<T>(boolean success, List<T> data, Pagination pagination) {

    /** Where this page sits; {@code page} starts at 1. */
    public record Pagination(int page, int limit, long total, int totalPages) {
    }

    static PagedResponse<Lead> of(LeadPage page) {
        return new PagedResponse<>(true, page.items(),
                new Pagination(page.page(), page.limit(), page.total(), page.totalPages()));
    }
}
