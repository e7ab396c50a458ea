package io.hijackwatch.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The price per segment that estimates the cost of messages whose price is not in yet: the price seen in the hour,
 * else the median of the hourly price per segment in a history (hours with no priced segment left out), else the
 * bundled per-country table ({@code baseline/sms-prices.csv}, in {@value #TABLE_UNIT}).
 */
final class Pricing {

    static final String TABLE_UNIT = "USD";
    private static final String TABLE = "/baseline/sms-prices.csv";
    private static final Map<String, BigDecimal> BY_COUNTRY = load();

    private Pricing() {}

    static Optional<BigDecimal> perSegment(Tally current, Map<Instant, Tally> history) {
        if (current != null && current.pricedSegments() > 0) {
            return Optional.of(
                    current.cost().divide(BigDecimal.valueOf(current.pricedSegments()), 6, RoundingMode.HALF_UP));
        }
        double[] prices = history.values().stream()
                .filter(hour -> hour.pricedSegments() > 0)
                .mapToDouble(hour -> hour.cost().doubleValue() / hour.pricedSegments())
                .toArray();
        if (prices.length == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(RobustStats.median(prices)).setScale(6, RoundingMode.HALF_UP));
    }

    /** The bundled list price of one segment to a country (ISO 3166 alpha-2), in {@value #TABLE_UNIT}. */
    static Optional<BigDecimal> listPrice(String country) {
        return Optional.ofNullable(country == null ? null : BY_COUNTRY.get(country.toUpperCase(Locale.ROOT)));
    }

    private static Map<String, BigDecimal> load() {
        try (InputStream input = Pricing.class.getResourceAsStream(TABLE)) {
            if (input == null) {
                throw new IllegalStateException("The bundled SMS price table " + TABLE + " is missing.");
            }
            return Collections.unmodifiableMap(parse(input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, BigDecimal> parse(InputStream input) throws IOException {
        Map<String, BigDecimal> prices = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String row = line.trim();
            if (row.isEmpty() || row.startsWith("#") || row.startsWith("country,")) {
                continue;
            }
            String[] cells = row.split(",");
            prices.put(cells[0].trim().toUpperCase(Locale.ROOT), new BigDecimal(cells[1].trim()));
        }
        return prices;
    }
}
