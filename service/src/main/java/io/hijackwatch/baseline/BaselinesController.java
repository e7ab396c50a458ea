package io.hijackwatch.baseline;

import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** What is normal for an account, as the detectors learned it, and the countries a tenant allows for SMS. */
@RestController
@RequestMapping("/api/v1/baselines")
class BaselinesController {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_COUNTRIES = 300;
    private static final int MAX_ACCOUNT_LENGTH = 256;

    private final BaselineProfiles profiles;
    private final AllowedCountries allowed;
    private final TransactionTemplate transactions;

    BaselinesController(BaselineProfiles profiles, AllowedCountries allowed, TransactionTemplate transactions) {
        this.profiles = profiles;
        this.allowed = allowed;
        this.transactions = transactions;
    }

    /** The countries listed for an account (or, without one, for the whole tenant) and those in effect for it. */
    record AllowedCountriesView(String account, List<String> countries, List<String> effective) {}

    /** The new list of allowed countries (ISO 3166 alpha-2 codes); it replaces the old one. */
    record AllowedCountriesUpdate(List<String> countries) {}

    @GetMapping
    BaselineProfiles.AccountView profile(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @RequestParam String account,
            @RequestParam(required = false) String series) {
        principal.requireRead();
        return profiles.profile(principal.tenantId(), checked(account), series(series))
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "No baseline for account '" + account + "' yet."));
    }

    @GetMapping("/sms/allowed-countries")
    AllowedCountriesView allowedCountries(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @RequestParam(required = false) String account) {
        principal.requireRead();
        return view(principal.tenantId(), account);
    }

    @PutMapping("/sms/allowed-countries")
    AllowedCountriesView replaceAllowedCountries(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @RequestParam(required = false) String account,
            @RequestBody AllowedCountriesUpdate update) {
        principal.requireAdmin();
        List<String> countries = countries(update);
        String listedUnder = account == null ? AllowedCountries.TENANT_WIDE : checked(account);
        transactions.executeWithoutResult(status -> allowed.replace(principal.tenantId(), listedUnder, countries));
        return view(principal.tenantId(), account);
    }

    private AllowedCountriesView view(long tenantId, String account) {
        String listedUnder = account == null ? AllowedCountries.TENANT_WIDE : checked(account);
        List<String> effective = account == null
                ? allowed.listed(tenantId, AllowedCountries.TENANT_WIDE)
                : List.copyOf(allowed.effective(tenantId, account));
        return new AllowedCountriesView(listedUnder, allowed.listed(tenantId, listedUnder), effective);
    }

    private static List<String> countries(AllowedCountriesUpdate update) {
        if (update == null || update.countries() == null) {
            throw badRequest("Send {\"countries\": [\"US\", \"GB\"]}; an empty list clears it.");
        }
        if (update.countries().size() > MAX_COUNTRIES) {
            throw badRequest("At most " + MAX_COUNTRIES + " countries.");
        }
        List<String> countries = update.countries().stream()
                .map(country -> country == null ? "" : country.trim().toUpperCase(Locale.ROOT))
                .distinct()
                .toList();
        countries.stream()
                .filter(country -> !COUNTRY.matcher(country).matches())
                .findFirst()
                .ifPresent(country -> {
                    throw badRequest("'" + country + "' is not an ISO 3166 alpha-2 country code.");
                });
        return countries;
    }

    private static Series series(String series) {
        if (series == null || series.isBlank()) {
            return null;
        }
        try {
            return Series.fromId(series.trim());
        } catch (IllegalArgumentException e) {
            throw badRequest("Unknown series; use account, country, prefix or channel.");
        }
    }

    private static String checked(String account) {
        if (account.isBlank()
                || account.length() > MAX_ACCOUNT_LENGTH
                || AllowedCountries.TENANT_WIDE.equals(account)) {
            throw badRequest("Name an account id.");
        }
        return account;
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
