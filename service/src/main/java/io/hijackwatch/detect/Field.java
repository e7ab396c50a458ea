package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.function.Function;

/**
 * A named value of an event that rules read: one of the normalized fields, or an attribute path such as {@code
 * request.instanceType}. A value is a scalar, a {@code List} when the path was seen more than once, or {@code null}.
 */
record Field(String name, Function<NormalizedEvent, Object> reader) {

    static Field of(String name) {
        return new Field(name, readerFor(name));
    }

    Object read(NormalizedEvent event) {
        return reader.apply(event);
    }

    private static Function<NormalizedEvent, Object> readerFor(String name) {
        return switch (name) {
            case "provider" -> event -> event.provider().id();
            case "account" -> NormalizedEvent::account;
            case "region" -> NormalizedEvent::region;
            case "service" -> NormalizedEvent::service;
            case "action" -> NormalizedEvent::action;
            case "principal" -> NormalizedEvent::principal;
            case "sourceIp" -> NormalizedEvent::sourceIp;
            case "userAgent" -> NormalizedEvent::userAgent;
            case "outcome" -> event -> event.outcome().id();
            case "errorCode" -> NormalizedEvent::errorCode;
            case "resource" -> NormalizedEvent::resource;
            case "eventId" -> NormalizedEvent::eventId;
            default -> event -> event.attribute(name);
        };
    }

    /** The field's value as text, several values joined with commas, or {@code null}. */
    String text(NormalizedEvent event) {
        Object value = read(event);
        if (value == null) {
            return null;
        }
        if (value instanceof java.util.List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    boolean isNormalized() {
        return switch (name) {
            case "provider",
                    "account",
                    "region",
                    "service",
                    "action",
                    "principal",
                    "sourceIp",
                    "userAgent",
                    "outcome",
                    "errorCode",
                    "resource",
                    "eventId" -> true;
            default -> false;
        };
    }
}
