package io.hijackwatch.collector.twilio;

import java.time.Instant;

/**
 * The fields of one Twilio Message resource that become an event, however it was read (the REST API through the
 * SDK, a JSON export, a Console CSV export). The body is never part of it.
 *
 * @param sid the message SID ({@code SM...} or {@code MM...})
 * @param accountSid the account that sent or received it
 * @param messagingServiceSid the Messaging Service it went through, when it did
 * @param from the sender as given
 * @param to the destination as given
 * @param direction {@code inbound}, {@code outbound-api}, {@code outbound-call} or {@code outbound-reply}
 * @param status {@code queued}, {@code sent}, {@code delivered}, {@code failed}, ...
 * @param segments how many segments it was split into ({@code 0} while unknown)
 * @param media how many media items it carries
 * @param price the price as Twilio writes it, a negative decimal ({@code -0.00750}), while known
 * @param priceUnit the currency of the price ({@code USD})
 * @param errorCode Twilio's error code when it failed
 * @param dateCreated when Twilio created the resource
 * @param dateSent when it was sent (or, inbound, delivered to the application)
 * @param dateUpdated when the resource last changed
 */
record TwilioMessage(
        String sid,
        String accountSid,
        String messagingServiceSid,
        String from,
        String to,
        String direction,
        String status,
        Long segments,
        Long media,
        String price,
        String priceUnit,
        String errorCode,
        Instant dateCreated,
        Instant dateSent,
        Instant dateUpdated) {}
