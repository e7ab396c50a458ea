package io.hijackwatch.collector.twilio;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/**
 * Analyzes message destinations with libphonenumber: their E.164 form, region, calling code, number type (premium
 * rate and shared cost numbers are what SMS pumping earns from) and range prefix. Shared by the parser, the pull
 * collector and the service's detectors, so that all of them see a number the same way.
 */
public final class Destinations {

    /** How many trailing digits the range prefix leaves out. */
    static final int PREFIX_CUT_DIGITS = 3;

    private static final int MAX_NUMBER_CHARS = 64;
    private static final int MIN_DIGITS_WITHOUT_PLUS = 8;
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

    private Destinations() {}

    /**
     * What a number is. Numbers are read as international: the {@code +} may be missing (as in some exports) but a
     * national number without its country code is not guessed at. Channel addresses such as {@code
     * whatsapp:+447512345678} are read for the number they carry.
     *
     * @param number a destination as Twilio wrote it; {@code null} or text that is no number gives an unknown one
     */
    public static Destination analyze(String number) {
        if (number == null || number.isBlank()) {
            return unknown(number);
        }
        String raw = number.strip();
        if (raw.length() > MAX_NUMBER_CHARS) {
            return unknown(raw);
        }
        try {
            return describe(PHONE_NUMBERS.parse(international(raw), null));
        } catch (NumberParseException e) {
            return unknown(raw);
        }
    }

    /** The number with its {@code +}; a short code or a short national number is left as it is, and not read. */
    private static String international(String raw) {
        String address = stripChannel(raw);
        if (address.startsWith("+")) {
            return address;
        }
        if (address.startsWith("00")) {
            return "+" + address.substring(2);
        }
        return digitCount(address) >= MIN_DIGITS_WITHOUT_PLUS ? "+" + address : address;
    }

    private static int digitCount(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            digits += Character.isDigit(text.charAt(i)) ? 1 : 0;
        }
        return digits;
    }

    /** {@code whatsapp:+44...}, {@code sms:+44...}: the part after the channel name. */
    private static String stripChannel(String raw) {
        int colon = raw.indexOf(':');
        return colon > 0 && colon < 16 ? raw.substring(colon + 1).strip() : raw;
    }

    private static Destination describe(PhoneNumber parsed) {
        String e164 = PHONE_NUMBERS.format(parsed, PhoneNumberFormat.E164);
        String region = PHONE_NUMBERS.getRegionCodeForNumber(parsed);
        String type = PHONE_NUMBERS.getNumberType(parsed).name().toLowerCase(Locale.ROOT);
        return new Destination(
                e164,
                region == null || region.length() != 2 || "ZZ".equals(region) ? Destination.UNKNOWN : region,
                Integer.toString(parsed.getCountryCode()),
                type,
                prefix(e164),
                PHONE_NUMBERS.isValidNumber(parsed));
    }

    private static String prefix(String e164) {
        return e164.length() > PREFIX_CUT_DIGITS + 2 ? e164.substring(0, e164.length() - PREFIX_CUT_DIGITS) : e164;
    }

    private static Destination unknown(String raw) {
        return new Destination(raw, Destination.UNKNOWN, null, Destination.UNKNOWN, null, false);
    }
}
