package io.hijackwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hijackwatch.support.ApiClient;
import io.hijackwatch.support.ApiClient.Reply;
import io.hijackwatch.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ServiceTest
class OpenApiTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheOpenApiDocumentWithEveryPublicEndpoint() {
        Reply document = new ApiClient(port).get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().get("paths").propertyNames())
                .contains(
                        "/api/v1/events",
                        "/api/v1/alerts",
                        "/api/v1/alerts/{id}",
                        "/api/v1/rules",
                        "/api/v1/rules/{id}",
                        "/api/v1/suppressions");
        assertThat(document.body().get("components").get("securitySchemes").has("apiKey"))
                .isTrue();
        assertThat(document.body()
                        .get("paths")
                        .get("/api/v1/events")
                        .get("post")
                        .get("parameters")
                        .toString())
                .contains("\"format\"")
                .doesNotContain("tenantId");
    }

    @Test
    void servesSwaggerUi() {
        Reply page = new ApiClient(port).get("/swagger-ui/index.html");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("Swagger UI");
    }
}
