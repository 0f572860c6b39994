package io.leadflow.api.pipeline;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.shared.lead.Pipeline;
import io.leadflow.shared.lead.Pipelines;
import io.leadflow.shared.tenant.TenantScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's pipelines and their ordered stages. */
@Tag(name = "Pipelines", description = "Pipelines and their stages")
@RestController
@RequestMapping("/api/crm/pipelines")
class PipelineController {

    @GetMapping
    ApiResponse<List<Pipeline>> list(TenantScope tenant) {
        return ApiResponse.ok(Pipelines.list(tenant));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiResponse<Pipeline> create(TenantScope tenant, @RequestBody CreatePipelineRequest body) {
        return ApiResponse.ok(Pipelines.create(tenant, body.name(), body.stages(), Boolean.TRUE.equals(body.isDefault())));
    }

    @GetMapping("/{id}")
    ApiResponse<Pipeline> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(Pipelines.get(tenant, id));
    }

    @PatchMapping("/{id}")
    ApiResponse<Pipeline> update(TenantScope tenant, @PathVariable String id, @RequestBody UpdatePipelineRequest body) {
        return ApiResponse.ok(Pipelines.update(tenant, id, body.name(), body.stages(), body.isDefault()));
    }

    @DeleteMapping("/{id}")
    ApiResponse<Map<String, Object>> delete(TenantScope tenant, @PathVariable String id) {
        Pipelines.delete(tenant, id);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("deleted", true);
        return ApiResponse.ok(deleted);
    }
}
