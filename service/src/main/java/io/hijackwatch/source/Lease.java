package io.hijackwatch.source;

/**
 * This replica's claim on a source: valid while the stored owner and token are still these. Every claim raises the
 * token, so a replica whose lease expired and was taken over cannot store anything, even if its own clock or a long
 * pause made it think the lease was still its own.
 */
record Lease(long tenantId, long sourceId, String owner, long token) {}
