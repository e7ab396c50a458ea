package io.hijackwatch.collector.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Destinations as SMS-pumping rules see them, checked against libphonenumber's own example numbers. */
class DestinationsTests {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

    @ParameterizedTest
    @CsvSource({
        "GB, PREMIUM_RATE, premium_rate",
        "GB, TOLL_FREE, toll_free",
        "GB, VOIP, voip",
        "GB, PAGER, pager",
        "GB, MOBILE, mobile",
        "GB, FIXED_LINE, fixed_line",
        "GB, PERSONAL_NUMBER, personal_number",
        "GB, UAN, uan",
        "US, FIXED_LINE, fixed_line_or_mobile",
        "DE, PREMIUM_RATE, premium_rate",
        "FR, SHARED_COST, shared_cost"
    })
    void namesTheTypeOfEachKindOfNumber(String region, PhoneNumberType type, String expected) {
        String number =
                PHONE_NUMBERS.format(PHONE_NUMBERS.getExampleNumberForType(region, type), PhoneNumberFormat.E164);

        Destination destination = Destinations.analyze(number);

        assertThat(destination.type()).isEqualTo(expected);
        assertThat(destination.country()).isEqualTo(region);
        assertThat(destination.valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = PhoneNumberType.class,
            names = {"UNKNOWN", "FIXED_LINE_OR_MOBILE"},
            mode = EnumSource.Mode.EXCLUDE)
    void namesEveryNumberTypeByItsLowerCaseName(PhoneNumberType type) {
        String region = PHONE_NUMBERS.getSupportedRegions().stream()
                .sorted()
                .filter(candidate -> PHONE_NUMBERS.getExampleNumberForType(candidate, type) != null)
                .findFirst()
                .orElseThrow();
        String number =
                PHONE_NUMBERS.format(PHONE_NUMBERS.getExampleNumberForType(region, type), PhoneNumberFormat.E164);

        assertThat(Destinations.analyze(number).type()).isEqualTo(type.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void describesAUkMobileWithItsRangePrefix() {
        Destination destination = Destinations.analyze("+447512345678");

        assertThat(destination).isEqualTo(new Destination("+447512345678", "GB", "44", "mobile", "+447512345", true));
    }

    @Test
    void readsNumbersWrittenWithSpacesDoubleZeroOrWithoutPlus() {
        assertThat(Destinations.analyze(" +44 7512 345678 ").e164()).isEqualTo("+447512345678");
        assertThat(Destinations.analyze("00447512345678").e164()).isEqualTo("+447512345678");
        assertThat(Destinations.analyze("447512345678").e164()).isEqualTo("+447512345678");
        assertThat(Destinations.analyze("whatsapp:+447512345678").country()).isEqualTo("GB");
    }

    @Test
    void keepsWhatIsNoNumberAsGivenAndUnknown() {
        assertThat(Destinations.analyze("MyBrand"))
                .isEqualTo(new Destination("MyBrand", "unknown", null, "unknown", null, false));
        assertThat(Destinations.analyze("12345").e164()).isEqualTo("12345");
        assertThat(Destinations.analyze("12345").type()).isEqualTo("unknown");
        assertThat(Destinations.analyze(null).country()).isEqualTo("unknown");
        assertThat(Destinations.analyze("+" + "9".repeat(200)).valid()).isFalse();
    }

    @Test
    void marksANumberOfAnUnassignedRangeInvalid() {
        Destination destination = Destinations.analyze("+4470000000");

        assertThat(destination.valid()).isFalse();
        assertThat(destination.callingCode()).isEqualTo("44");
    }

    @Test
    void givesNoCountryForNonGeographicNumbers() {
        String satellite =
                PHONE_NUMBERS.format(PHONE_NUMBERS.getExampleNumberForNonGeoEntity(881), PhoneNumberFormat.E164);

        Destination destination = Destinations.analyze(satellite);

        assertThat(destination.country()).isEqualTo("unknown");
        assertThat(destination.callingCode()).isEqualTo("881");
    }
}
