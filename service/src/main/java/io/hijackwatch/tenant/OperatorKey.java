package io.hijackwatch.tenant;

import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's key, from configuration ({@code hijackwatch.operator-key}), which creates tenants and nothing else.
 * Only its hash is kept in memory, and keys are compared in constant time.
 */
@Component
class OperatorKey {

    private final byte[] hash;

    OperatorKey(@Value("${hijackwatch.operator-key:}") String key) {
        this.hash = key == null || key.isBlank() ? null : ApiKeys.hash(key.trim());
    }

    boolean matches(String presented) {
        return hash != null && MessageDigest.isEqual(hash, ApiKeys.hash(presented));
    }
}
