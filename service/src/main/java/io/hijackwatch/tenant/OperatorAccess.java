package io.hijackwatch.tenant;

/** A request made with the operator's key; handlers that manage tenants declare it. */
public record OperatorAccess() {}
