package io.leadflow.api.inbox;

import io.leadflow.api.lead.PagedResponse;
import io.leadflow.api.web.ApiResponse;
import io.leadflow.contracts.error.ErrorCode;
import io.leadflow.shared.chat.ChatEvent;
import io.leadflow.shared.chat.ChatEvents;
import io.leadflow.shared.chat.ChatViews;
import io.leadflow.shared.conversation.Conversation;
import io.leadflow.shared.conversation.Conversations;
import io.leadflow.shared.error.LeadflowException;
import io.leadflow.shared.lead.Lead;
import io.leadflow.shared.lead.LeadService;
import io.leadflow.shared.tenant.TenantScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's inbox: conversations (most recent first, with unread counts and the last message), their messages, an
 * agent's replies and reads. Everything through the caller's own tenant scope: another tenant's conversation is a 404.
 */
@RestController
@RequestMapping("/api/saas/chat/conversations")
class InboxController {

    static final int MAX_PAGE = 100;

    private final LeadService leads;
    private final InboxReplies replies;
    private final ChatEvents chat;

    InboxController(LeadService leads, InboxReplies replies, ChatEvents chat) {
        this.leads = leads;
        this.replies = replies;
        this.chat = chat;
    }

    @GetMapping
    PagedResponse<Map<String, Object>> list(TenantScope tenant,
                                            @RequestParam(defaultValue = "1") int page,
                                            @RequestParam(defaultValue = "20") int limit,
                                            @RequestParam(required = false) String channel,
                                            @RequestParam(defaultValue = "false") boolean unread) {
        checkPage(page, limit);
        List<Map<String, Object>> items = Conversations.page(tenant, channel, unread, page, limit).stream()
                .map(conversation -> view(tenant, conversation)).toList();
        return paged(items, page, limit, Conversations.count(tenant, channel, unread));
    }

    @GetMapping("/{id}")
    ApiResponse<Map<String, Object>> get(TenantScope tenant, @PathVariable String id) {
        return ApiResponse.ok(view(tenant, conversation(tenant, id)));
    }

    /** The conversation's messages, newest first. */
    @GetMapping("/{id}/messages")
    PagedResponse<Map<String, Object>> messages(TenantScope tenant, @PathVariable String id,
                                                @RequestParam(defaultValue = "1") int page,
                                                @RequestParam(defaultValue = "50") int limit) {
        checkPage(page, limit);
        Conversation conversation = conversation(tenant, id);
        return paged(Conversations.messagePage(tenant, conversation.id(), page, limit).stream().map(ChatViews::message)
                .toList(), page, limit, Conversations.messageCount(tenant, conversation.id()));
    }

    /** A reply: 202 with the queued message (201 is not promised: it goes out through a workflow). */
    @PostMapping("/{id}/messages")
    ResponseEntity<ApiResponse<Map<String, Object>>> reply(TenantScope tenant, @PathVariable String id,
                                                            @RequestBody ReplyRequest body) {
        InboxReplies.Replied replied = replies.reply(tenant, conversation(tenant, id), body);
        return ResponseEntity.status(replied.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(ApiResponse.ok(
                ChatViews.message(replied.message()), replied.created() ? "queued: follow it on the live stream"
                        : "the same clientMessageId was sent before: this is that message"));
    }

    /** An agent read the conversation: its unread count is 0 (and the live stream says so). */
    @PostMapping("/{id}/read")
    ApiResponse<Map<String, Object>> read(TenantScope tenant, @PathVariable String id) {
        Conversation read = Conversations.markRead(tenant, conversation(tenant, id).id()).orElseThrow(() ->
                LeadflowException.notFound(ErrorCode.CONVERSATION_NOT_FOUND, "conversation", id));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", read.id());
        data.put("conversation", ChatViews.conversationSummary(read));
        chat.append(tenant.clientCode(), ChatEvent.CONVERSATION_READ, data);
        return ApiResponse.ok(view(tenant, read));
    }

    private Conversation conversation(TenantScope tenant, String id) {
        return Conversations.conversation(tenant, id).orElseThrow(() ->
                LeadflowException.notFound(ErrorCode.CONVERSATION_NOT_FOUND, "conversation", id));
    }

    private Map<String, Object> view(TenantScope tenant, Conversation c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("leadId", c.leadId());
        Optional<Lead> lead = leads.find(tenant, c.leadId());
        lead.ifPresent(l -> {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("firstName", l.firstName());
            summary.put("lastName", l.lastName());
            summary.put("phone", l.phone());
            summary.put("email", l.email());
            summary.put("optedOut", l.optedOut(c.channel()));
            view.put("lead", summary);
        });
        view.put("channel", c.channel());
        view.put("contact", c.contact());
        view.put("status", c.status());
        view.put("unreadCount", c.unreadCount());
        view.put("lastMessageAt", c.lastMessageAt());
        view.put("lastMessagePreview", c.lastMessagePreview());
        view.put("lastDirection", c.lastDirection());
        view.put("lastInboundAt", c.lastInboundAt());
        Instant windowEnds = c.lastInboundAt() == null ? null : c.lastInboundAt().plus(InboxReplies.SERVICE_WINDOW);
        view.put("serviceWindowEndsAt", windowEnds);
        view.put("serviceWindowOpen", windowEnds != null && windowEnds.isAfter(Instant.now()));
        view.put("lastReadAt", c.lastReadAt());
        return view;
    }

    private static void checkPage(int page, int limit) {
        if (page < 1) {
            throw LeadflowException.invalid("page", "must be 1 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw LeadflowException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
    }

    private static PagedResponse<Map<String, Object>> paged(List<Map<String, Object>> items, int page, int limit,
                                                            long total) {
        return new PagedResponse<>(true, items,
                new PagedResponse.Pagination(page, limit, total, (int) ((total + limit - 1) / limit)));
    }
}
