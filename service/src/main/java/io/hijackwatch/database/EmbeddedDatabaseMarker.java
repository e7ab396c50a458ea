package io.hijackwatch.database;

import java.nio.file.Path;

/** Present as a bean when the service runs on its own embedded PostgreSQL. */
public record EmbeddedDatabaseMarker(Path dataDirectory) {}
