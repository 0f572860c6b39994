package io.leadflow.api.trigger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/saas/workflows/trigger}: a lead event fired by a client site. At least one of
 * {@code phone} (E.164) and {@code email} identifies the lead.
 */
public record TriggerRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9_.:-]{1,64}", message = "must match [a-z0-9_.:-]{1,64}") String trigger,
        @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be E.164, like +919876543210") String phone,
        @Email @Size(max = 254) String email,
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        Boolean createLeadIfMissing,
        Map<String, Object> variables,
        Boolean requiresMeet,
        @Valid Meet meet,
        @Size(max = 2048) String callbackUrl,
        Map<String, Object> callbackMetadata,
        @Min(0) @Max(43200) Integer delayMinutes,
        @Size(min = 1, max = 200) String idempotencyKey) {

    /** The Meet to book when {@code requiresMeet} is true. */
    public record Meet(
            @Size(max = 200) String summary,
            @NotBlank String startTime,
            @Min(1) @Max(1440) Integer durationMinutes,
            @Size(max = 50) List<@Email String> attendees) {
    }
}
