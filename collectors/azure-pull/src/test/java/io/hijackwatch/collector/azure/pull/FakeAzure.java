package io.hijackwatch.collector.azure.pull;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;

/**
 * Microsoft Entra ID's token endpoint and Azure Resource Manager's Activity Log list, both on one local https port
 * with a self-signed certificate for localhost that the test JVM trusts (see the module's pom; its trust store is
 * {@code fake-azure-truststore.p12} on the test class path).
 */
public final class FakeAzure implements AutoCloseable {

    public static final String TENANT = "3c9a7e21-5b6d-4f80-9a1c-2e3d4f5a6b7c";
    public static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QifQ.fake-arm-access-token.c2lnbmF0dXJl";
    public static final String VALUES_PATH = "/subscriptions/" + ActivityEvents.SUBSCRIPTION
            + "/providers/Microsoft.Insights/eventtypes/management/values";

    private static final String TOKEN_PATH = "/[^/]+/oauth2/v2.0/token";
    /** A class path resource: WireMock reads it from the test jar too, so other modules' tests can start the fake. */
    private static final String KEYSTORE = "fake-azure-keystore.p12";

    private final WireMockServer server;

    public FakeAzure() {
        server = new WireMockServer(WireMockConfiguration.options()
                .httpDisabled(true)
                .httpsPort(0)
                .bindAddress("127.0.0.1")
                .keystorePath(KEYSTORE)
                .keystorePassword("changeit")
                .keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
        server.start();
        issuesTokens();
    }

    public URI base() {
        return URI.create("https://localhost:" + server.httpsPort());
    }

    public int port() {
        return server.httpsPort();
    }

    /** The address of a later page, as Azure writes next-page links. */
    public String pageLink(String skipToken) {
        return base() + VALUES_PATH + "?api-version=2015-04-01&%24skipToken=" + skipToken;
    }

    public void issuesTokens() {
        server.stubFor(post(urlPathMatching(TOKEN_PATH))
                .willReturn(json(
                        200,
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                                + "\"access_token\":\"" + ACCESS_TOKEN + "\"}")));
    }

    public void refusesSignIn() {
        server.stubFor(post(urlPathMatching(TOKEN_PATH))
                .willReturn(json(
                        401,
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret"
                                + " provided. Ensure the secret being sent in the request is the client secret value,"
                                + " not the client secret ID.\",\"error_codes\":[7000215]}")));
    }

    /** Answers the first page of any window (a request without a skip token). */
    public void firstPage(ResponseDefinitionBuilder response) {
        server.stubFor(values().withQueryParam("$skipToken", absent()).willReturn(response));
    }

    /** Answers the first page of the window whose filter is exactly the one given. */
    public void firstPage(String filter, ResponseDefinitionBuilder response) {
        server.stubFor(values().withQueryParam("$skipToken", absent())
                .withQueryParam("$filter", equalTo(filter))
                .willReturn(response));
    }

    public void laterPage(String skipToken, ResponseDefinitionBuilder response) {
        server.stubFor(values().withQueryParam("$skipToken", equalTo(skipToken)).willReturn(response));
    }

    public void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    public static MappingBuilder values() {
        return get(urlPathEqualTo(VALUES_PATH))
                .withQueryParam("api-version", equalTo(ActivityLogApi.API_VERSION))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    public List<LoggedRequest> listRequests() {
        return server.findAll(getRequestedFor(urlPathEqualTo(VALUES_PATH)));
    }

    public List<LoggedRequest> tokenRequests() {
        return server.findAll(postRequestedFor(urlPathMatching(TOKEN_PATH)));
    }

    /** The {@code $filter} of every list request that opened a window, in order. */
    public List<String> filters() {
        return listRequests().stream()
                .filter(request -> !request.getQueryParams().containsKey("$skipToken"))
                .map(request -> request.queryParameter("$filter").firstValue())
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
