package io.hijackwatch.collector.twilio;

/**
 * What a phone number is, as far as libphonenumber's metadata tells: the facts SMS-pumping rules group and match on.
 *
 * @param e164 the number in E.164 ({@code +447512345678}); the text as given when it cannot be read as a number
 * @param country the ISO 3166 alpha-2 region of the number ({@code GB}), or {@code unknown}
 * @param callingCode the country calling code without the plus ({@code 44}); {@code null} when unknown
 * @param type the lower-case {@code PhoneNumberType} name ({@code mobile}, {@code premium_rate}, ...), or {@code
 *     unknown}
 * @param prefix the E.164 number without its last three digits ({@code +4475123456}), which groups the numbers of
 *     one range; {@code null} when the number cannot be read
 * @param valid whether the number is valid for its region by libphonenumber's metadata
 */
public record Destination(String e164, String country, String callingCode, String type, String prefix, boolean valid) {

    public static final String UNKNOWN = "unknown";
}
