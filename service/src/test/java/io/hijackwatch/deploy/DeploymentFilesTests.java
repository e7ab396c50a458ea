package io.hijackwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The container image, docker-compose file, Helm chart and CI workflow, checked as far as they can be without Docker,
 * Helm or kubeconform: those run only in the workflow on GitHub (see docs/design-decisions.md). The files are read
 * from the repository, one folder above this module.
 */
class DeploymentFilesTests {

    private static final Path ROOT = Path.of("..");
    private static final Path CHART = ROOT.resolve("helm/hijackwatch");
    private static final Path TEMPLATES = CHART.resolve("templates");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SECRET_OBJECT = Pattern.compile("(?m)^kind: Secret$");
    private static final Pattern PLAIN_DATABASE_VALUE =
            Pattern.compile("\\.Values\\.database\\.(url|username|password)\\b");
    private static final Set<String> STANDARD_LABELS = Set.of(
            "app.kubernetes.io/name",
            "app.kubernetes.io/instance",
            "app.kubernetes.io/version",
            "app.kubernetes.io/component",
            "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by");

    // The chart's values and their schema.

    @Test
    void defaultValuesMatchTheSchema() {
        assertThat(valuesErrors(defaultValues())).isEmpty();
    }

    @Test
    void productionValuesOfTheWorkflowMatchTheSchema() {
        ObjectNode values = defaultValues();
        merge(values, yaml(CHART.resolve("ci/production-values.yaml")));

        assertThat(valuesErrors(values)).isEmpty();
        assertThat(values.path("replicaCount").asInt()).isGreaterThan(1);
        assertThat(values.path("ingress").path("enabled").asBoolean()).isTrue();
        assertThat(values.path("serviceMonitor").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void schemaRefusesAPlainDatabasePasswordOrUrl() {
        ObjectNode withPassword = defaultValues();
        ((ObjectNode) withPassword.get("database")).put("password", "s3cret");
        ObjectNode withUrl = defaultValues();
        ((ObjectNode) withUrl.get("database")).put("url", "jdbc:postgresql://db/hijackwatch");

        assertThat(valuesErrors(withPassword))
                .anySatisfy(error -> assertThat(error).contains("password"));
        assertThat(valuesErrors(withUrl)).anySatisfy(error -> assertThat(error).contains("url"));
    }

    @Test
    void schemaRefusesUnknownKeysAtTheTopAndInside() {
        ObjectNode misspelt = defaultValues();
        misspelt.put("replicas", 3);
        ObjectNode nested = defaultValues();
        ((ObjectNode) nested.get("serviceMonitor")).put("path", "/metrics");

        assertThat(valuesErrors(misspelt)).anySatisfy(error -> assertThat(error).contains("replicas"));
        assertThat(valuesErrors(nested)).anySatisfy(error -> assertThat(error).contains("path"));
    }

    @Test
    void schemaRefusesRootTheLatestTagAndAnUnknownLogFormat() {
        ObjectNode root = defaultValues();
        root.put("runAsUser", 0);
        ObjectNode latest = defaultValues();
        ((ObjectNode) latest.get("image")).put("tag", "latest");
        ObjectNode json = defaultValues();
        json.put("logFormat", "json");
        ObjectNode noMemoryLimit = defaultValues();
        ((ObjectNode) noMemoryLimit.get("resources")).putObject("limits").put("cpu", "1");

        assertThat(valuesErrors(root)).isNotEmpty();
        assertThat(valuesErrors(latest)).isNotEmpty();
        assertThat(valuesErrors(json)).isNotEmpty();
        assertThat(valuesErrors(noMemoryLimit)).isNotEmpty();
    }

    @Test
    void schemaClosesEveryObjectButTheFreeFormOnes() {
        JsonNode schema = json(CHART.resolve("values.schema.json"));
        List<String> open = new ArrayList<>();

        collectOpenObjects(schema, "", open);

        assertThat(schema.path("$schema").asString()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(open)
                .containsExactlyInAnyOrder(
                        "/properties/global",
                        "/properties/tolerations/items",
                        "/properties/affinity",
                        "/properties/topologySpreadConstraints/items");
    }

    // The chart's templates.

    @Test
    void chartIsAHelm3ChartWithNotesAndIgnoreFile() {
        JsonNode chart = yaml(CHART.resolve("Chart.yaml"));

        assertThat(chart.path("apiVersion").asString()).isEqualTo("v2");
        assertThat(chart.path("name").asString()).isEqualTo("hijackwatch");
        assertThat(chart.path("appVersion").asString()).isNotBlank();
        assertThat(CHART.resolve(".helmignore")).isRegularFile();
        assertThat(TEMPLATES.resolve("NOTES.txt")).isRegularFile();
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        String helpers = read(TEMPLATES.resolve("_helpers.tpl"));
        Pattern labelsInclude =
                Pattern.compile("labels:\\n\\s+\\{\\{- include \"hijackwatch.labels\" \\. \\| nindent \\d+ }}");

        assertThat(STANDARD_LABELS).allSatisfy(label -> assertThat(helpers).contains(label + ":"));
        assertThat(manifestTemplates())
                .isNotEmpty()
                .allSatisfy(template -> assertThat(
                                labelsInclude.matcher(read(template)).find())
                        .as("%s includes hijackwatch.labels under metadata.labels", template.getFileName())
                        .isTrue());
    }

    @Test
    void podRunsWithTheRestrictedSecurityProfile() {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
        assertThat(pod.at("/securityContext/runAsUser").isMissingNode()).isFalse();
        assertThat(pod.at("/securityContext/fsGroup").isMissingNode()).isFalse();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean())
                .isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean())
                .isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(container.at("/securityContext/seccompProfile/type").asString())
                .isEqualTo("RuntimeDefault");
    }

    @Test
    void temporaryFilesGoToAnEmptyDirAtTmp() {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        JsonNode tmpMount = find(pod.path("containers").get(0).path("volumeMounts"), "mountPath", "/tmp");

        assertThat(tmpMount).isNotNull();
        JsonNode volume =
                find(pod.path("volumes"), "name", tmpMount.path("name").asString());
        assertThat(volume).isNotNull();
        assertThat(volume.has("emptyDir")).isTrue();
    }

    @Test
    void probesAskTheActuatorHealthGroups() {
        JsonNode container = deployment().at("/spec/template/spec/containers/0");

        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/startupProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(read(TEMPLATES.resolve("deployment.yaml"))).contains("toYaml .Values.resources");
    }

    @Test
    void databaseAndOperatorKeyComeOnlyFromExistingSecrets() throws IOException {
        JsonNode env = deployment().at("/spec/template/spec/containers/0/env");

        for (String name : List.of(
                "SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME",
                "SPRING_DATASOURCE_PASSWORD",
                "HIJACKWATCH_OPERATOR_KEY")) {
            JsonNode variable = find(env, "name", name);
            assertThat(variable).as(name).isNotNull();
            assertThat(variable.has("value")).as(name + " has no plain value").isFalse();
            assertThat(variable.at("/valueFrom/secretKeyRef/name").isMissingNode())
                    .as(name + " comes from a secretKeyRef")
                    .isFalse();
        }
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            assertThat(files.map(DeploymentFilesTests::read))
                    .noneMatch(text -> SECRET_OBJECT.matcher(text).find())
                    .noneMatch(text -> PLAIN_DATABASE_VALUE.matcher(text).find());
        }
    }

    @Test
    void disruptionBudgetOnlyWithMoreThanOneReplica() {
        String pdb = read(TEMPLATES.resolve("pdb.yaml"));

        assertThat(pdb.lines().findFirst().orElseThrow()).contains("gt (int .Values.replicaCount) 1");
        assertThat(skeleton("pdb.yaml").path("apiVersion").asString()).isEqualTo("policy/v1");
    }

    @Test
    void serviceMonitorAndIngressAreOptionalAndUseTheirCurrentApis() {
        JsonNode monitor = skeleton("servicemonitor.yaml");
        JsonNode ingress = skeleton("ingress.yaml");

        assertThat(read(TEMPLATES.resolve("servicemonitor.yaml")))
                .startsWith("{{- if .Values.serviceMonitor.enabled }}");
        assertThat(read(TEMPLATES.resolve("ingress.yaml"))).startsWith("{{- if .Values.ingress.enabled }}");
        assertThat(monitor.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/spec/endpoints/0/path").asString()).isEqualTo("/actuator/prometheus");
        assertThat(ingress.path("apiVersion").asString()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/port/name")
                        .asString())
                .as("the Ingress routes to the API port, never to the actuator's")
                .isEqualTo("http");
    }

    // docker-compose.yml

    @Test
    void composeStartsTheServiceOnlyWhenPostgresIsHealthy() {
        JsonNode services = compose().path("services");
        JsonNode postgres = services.path("postgres");
        JsonNode service = services.path("hijackwatch");

        assertThat(postgres.path("image").asString()).startsWith("postgres:16");
        assertThat(texts(postgres.at("/healthcheck/test"))).contains("pg_isready");
        assertThat(service.at("/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
        assertThat(String.join(" ", texts(service.at("/healthcheck/test")))).contains("/actuator/health/readiness");
    }

    @Test
    void composeKeepsTheDatabaseInANamedVolume() {
        JsonNode compose = compose();
        String mount = compose.at("/services/postgres/volumes/0").asString();
        String volume = mount.substring(0, mount.indexOf(':'));

        assertThat(mount).endsWith(":/var/lib/postgresql/data");
        assertThat(compose.path("volumes").has(volume)).isTrue();
    }

    @Test
    void composeConfiguresTheServiceThroughTheEnvironment() {
        JsonNode service = compose().at("/services/hijackwatch");
        JsonNode environment = service.path("environment");

        assertThat(service.at("/build/dockerfile").asString()).isEqualTo("Dockerfile");
        assertThat(environment.path("SPRING_DATASOURCE_URL").asString()).startsWith("jdbc:postgresql://postgres:");
        assertThat(environment.has("SPRING_DATASOURCE_USERNAME")).isTrue();
        assertThat(environment.has("SPRING_DATASOURCE_PASSWORD")).isTrue();
        assertThat(environment.path("HIJACKWATCH_DEMO_TENANT_ENABLED").asString())
                .isEqualTo("true");
    }

    // The image.

    @Test
    void imageRunsAsANonRootNumericUser() {
        DockerfileInstructions image = dockerfile().finalStage();
        List<DockerfileInstructions.Instruction> users = image.all("USER");

        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertThat(user).matches("[0-9]+");
        assertThat(Integer.parseInt(user)).isPositive();
    }

    @Test
    void imageIsBuiltOnAJdkAndRunsOnAJreOfPinnedVersions() {
        DockerfileInstructions dockerfile = dockerfile();
        List<String> bases = dockerfile.all("FROM").stream()
                .map(from -> from.arguments().split("\\s+")[0])
                .toList();

        assertThat(bases).hasSize(2);
        assertThat(bases.get(0)).matches("eclipse-temurin:17\\.[0-9.]+_[0-9]+-jdk-[a-z]+");
        assertThat(bases.get(1)).matches("eclipse-temurin:17\\.[0-9.]+_[0-9]+-jre-[a-z]+");
        assertThat(read(ROOT.resolve("Dockerfile"))).doesNotContain(":latest");
        assertThat(dockerfile.all("RUN").get(0).arguments()).contains("./mvnw", "project.build.outputTimestamp");
    }

    @Test
    void imageSizesTheHeapFromTheContainerLimitAndLeavesProbingToTheOrchestrator() {
        DockerfileInstructions image = dockerfile().finalStage();

        assertThat(image.all("ENV"))
                .anySatisfy(env -> assertThat(env.arguments()).contains("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage="));
        assertThat(image.all("EXPOSE"))
                .extracting(DockerfileInstructions.Instruction::arguments)
                .containsExactly("8080");
        assertThat(image.all("HEALTHCHECK")).isEmpty();
        assertThat(read(ROOT.resolve(".dockerignore"))).contains("**/target/", ".git/");
    }

    @Test
    void jibAlternativeRunsAsNonRootAndIsBoundToNoPhase() {
        String pom = read(Path.of("pom.xml"));
        String jib = pom.substring(pom.indexOf("<artifactId>jib-maven-plugin</artifactId>"));
        jib = jib.substring(0, jib.indexOf("</plugin>"));

        assertThat(jib).contains("<user>10001:0</user>", "-XX:MaxRAMPercentage=", "<port>8080</port>");
        assertThat(jib).doesNotContain("<executions>", ":latest");
    }

    // The CI workflow.

    @Test
    void workflowBuildsOnPushAndPullRequest() {
        JsonNode workflow = workflow();
        JsonNode build = workflow.at("/jobs/build");

        assertThat(workflow.path("on").has("push")).isTrue();
        assertThat(workflow.path("on").has("pull_request")).isTrue();
        assertThat(step(build, "actions/setup-java@v4")
                        .path("with")
                        .path("distribution")
                        .asString())
                .isEqualTo("temurin");
        assertThat(step(build, "actions/setup-java@v4").at("/with/java-version").asString())
                .isEqualTo("17");
        assertThat(step(build, "actions/setup-java@v4").at("/with/cache").asString())
                .isEqualTo("maven");
        assertThat(runs(build))
                .anySatisfy(run -> assertThat(run).contains("./mvnw -B").contains("verify"));
    }

    @Test
    void workflowLintsAndRendersTheChartAgainstTheKubernetesSchemas() {
        JsonNode helm = workflow().at("/jobs/helm");
        String script = String.join("\n", runs(helm));

        assertThat(step(helm, "azure/setup-helm@v4")).isNotNull();
        assertThat(script).contains("helm lint", "helm template", "kubeconform -strict", "ci/production-values.yaml");
        assertThat(script.lines().filter(line -> line.contains("-ignore-missing-schemas")))
                .as("missing schemas are tolerated only for the ServiceMonitor")
                .singleElement()
                .satisfies(line -> assertThat(script).contains("--show-only templates/servicemonitor.yaml"));
    }

    @Test
    void workflowBuildsTheImageWithoutPushingIt() {
        JsonNode image = workflow().at("/jobs/image");

        assertThat(step(image, "docker/setup-buildx-action@v3")).isNotNull();
        assertThat(step(image, "docker/build-push-action@v6").at("/with/push").asBoolean(true))
                .isFalse();
    }

    // The health groups the probes ask.

    @Test
    void readinessIncludesTheDatabaseAndLivenessDoesNot() {
        JsonNode health = yaml(Path.of("src/main/resources/application.yaml")).at("/management/endpoint/health");
        String readiness = health.at("/group/readiness/include").asString();
        String liveness = health.at("/group/liveness/include").asString("");

        assertThat(health.at("/probes/enabled").asBoolean()).isTrue();
        assertThat(List.of(readiness.split("\\s*,\\s*"))).contains("db");
        assertThat(List.of(liveness.split("\\s*,\\s*"))).doesNotContain("db");
    }

    // Helpers.

    private static List<String> valuesErrors(JsonNode values) {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(json(CHART.resolve("values.schema.json")));
        return schema.validate(values).stream().map(Error::toString).toList();
    }

    private static ObjectNode defaultValues() {
        return (ObjectNode) yaml(CHART.resolve("values.yaml"));
    }

    /** Merges as Helm merges a values file over the defaults: maps key by key, anything else replaced. */
    private static void merge(ObjectNode base, JsonNode overlay) {
        for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
            JsonNode current = base.get(entry.getKey());
            if (current instanceof ObjectNode currentObject && entry.getValue().isObject()) {
                merge(currentObject, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void collectOpenObjects(JsonNode schema, String pointer, List<String> open) {
        if (!schema.isObject()) {
            return;
        }
        boolean isObject = schema.path("type").asString("").equals("object");
        if (isObject && !schema.has("additionalProperties") && !pointer.startsWith("/definitions")) {
            open.add(pointer);
        }
        for (String keyword : List.of("properties", "definitions")) {
            for (Map.Entry<String, JsonNode> entry : schema.path(keyword).properties()) {
                collectOpenObjects(entry.getValue(), pointer + "/" + keyword + "/" + entry.getKey(), open);
            }
        }
        collectOpenObjects(schema.path("items"), pointer + "/items", open);
    }

    private static List<Path> manifestTemplates() {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode deployment() {
        return skeleton("deployment.yaml");
    }

    private static JsonNode skeleton(String template) {
        return YAML.readTree(TemplateSkeleton.of(read(TEMPLATES.resolve(template))));
    }

    private static JsonNode compose() {
        return yaml(ROOT.resolve("docker-compose.yml"));
    }

    private static DockerfileInstructions dockerfile() {
        return DockerfileInstructions.parse(read(ROOT.resolve("Dockerfile")));
    }

    private static JsonNode workflow() {
        return yaml(ROOT.resolve(".github/workflows/ci.yml"));
    }

    private static JsonNode step(JsonNode job, String action) {
        return find(job.path("steps"), "uses", action);
    }

    private static List<String> runs(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(step -> runs.add(step.path("run").asString("")));
        return runs;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asString("").equals(value)) {
                return element;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asString()));
        return texts;
    }

    private static JsonNode yaml(Path file) {
        return YAML.readTree(read(file));
    }

    private static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }
}
