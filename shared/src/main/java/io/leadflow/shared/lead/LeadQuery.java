package io.leadflow.shared.lead;

import io.leadflow.shared.error.FieldValidationException;
import io.leadflow.shared.tenant.TenantScope;
import java.util.regex.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Lists a tenant's leads by filter: pipeline, stage, tag, owner, and a case-insensitive text search. */
final class LeadQuery {

    private LeadQuery() {
    }

    /**
     * A page of leads, newest first. {@code page} starts at 1; {@code limit} is 1 to
     * {@value LeadService#MAX_PAGE_SIZE}.
     */
    static LeadPage page(TenantScope tenant, LeadFilter filter, int page, int limit) {
        if (page < 1) {
            throw new FieldValidationException("page", "must be 1 or more");
        }
        if (limit < 1 || limit > LeadService.MAX_PAGE_SIZE) {
            throw new FieldValidationException("limit", "must be between 1 and " + LeadService.MAX_PAGE_SIZE);
        }
        LeadFilter f = filter == null ? LeadFilter.none() : filter;
        Query query = new Query();
        if (present(f.pipelineId())) {
            query.addCriteria(Criteria.where("pipelineId").is(f.pipelineId()));
        }
        if (present(f.stageId())) {
            query.addCriteria(Criteria.where("stageId").is(f.stageId()));
        }
        if (present(f.tag())) {
            query.addCriteria(Criteria.where("tags").is(f.tag().trim()));
        }
        if (present(f.assignedTo())) {
            query.addCriteria(Criteria.where("assignedTo").is(f.assignedTo().trim()));
        }
        if (present(f.q())) {
            if (f.q().length() > 100) {
                throw new FieldValidationException("q", "must be at most 100 characters");
            }
            String text = Pattern.quote(f.q().trim());
            query.addCriteria(new Criteria().orOperator(
                    Criteria.where("firstName").regex(text, "i"), Criteria.where("lastName").regex(text, "i"),
                    Criteria.where("email").regex(text, "i"), Criteria.where("phone").regex(text, "i")));
        }
        long total = tenant.data().count(query, Lead.class);
        query.with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .skip((long) (page - 1) * limit).limit(limit);
        return new LeadPage(tenant.data().find(query, Lead.class), page, limit, total);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
