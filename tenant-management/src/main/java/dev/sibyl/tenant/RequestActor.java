package dev.sibyl.tenant;

import jakarta.enterprise.context.RequestScoped;

/** Who made the current API request, for the audit trail; {@code anonymous} until a filter authenticates it. */
@RequestScoped
public class RequestActor {
    private String actor = "anonymous";
    private Long tokenId;

    public void set(String actor, Long tokenId) {
        this.actor = actor;
        this.tokenId = tokenId;
    }

    public String actor() {
        return actor;
    }

    public Long tokenId() {
        return tokenId;
    }
}
