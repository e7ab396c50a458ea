package io.hijackwatch.tenant;

/**
 * The tenant and role that a request's API key stands for.
 *
 * @param tenantId the tenant every query of this request is limited to
 * @param keyId the key's own id, for audit
 * @param role what the key may do
 */
public record ApiKeyPrincipal(long tenantId, long keyId, Role role) {

    /** @throws AccessDeniedException when the key's role does not allow ingestion */
    public void requireIngest() {
        if (!role.mayIngest()) {
            throw new AccessDeniedException("This API key's role (" + role.id() + ") may not post events.");
        }
    }

    /** @throws AccessDeniedException unless the key is an admin key */
    public void requireAdmin() {
        if (role != Role.ADMIN) {
            throw new AccessDeniedException("This API key's role (" + role.id() + ") may not change settings.");
        }
    }

    /** @throws AccessDeniedException when the key's role does not allow reading */
    public void requireRead() {
        if (!role.mayRead()) {
            throw new AccessDeniedException("This API key's role (" + role.id() + ") may not read.");
        }
    }
}
