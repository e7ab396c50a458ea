# syntax=docker/dockerfile:1
#
# Hijackwatch service image: built with the Maven wrapper on a Temurin 17 JDK, run on a Temurin 17 JRE as a non-root
# numeric user. Base images are pinned by tag (never `latest`); pin them by digest too when you mirror them.
#
#   docker build -t hijackwatch:dev .
#   docker build --build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) -t hijackwatch:$(git rev-parse --short HEAD) .
#
# SOURCE_DATE_EPOCH (seconds) becomes Maven's project.build.outputTimestamp, so the jar's entries carry that time
# instead of the build's; BuildKit also uses it for the image's own timestamps when set.

ARG JDK_IMAGE=eclipse-temurin:17.0.13_11-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-noble

FROM ${JDK_IMAGE} AS build
ARG SOURCE_DATE_EPOCH=315532800
WORKDIR /workspace

COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY collectors/ collectors/
COPY db/ db/
COPY service/ service/
COPY bench/ bench/

RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl service -am -DskipTests -Dproject.build.outputTimestamp="${SOURCE_DATE_EPOCH}" package \
    && cp service/target/hijackwatch.jar /hijackwatch.jar

FROM ${JRE_IMAGE}

# The user the service runs as: numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
ARG APP_UID=10001

# /var/lib/hijackwatch holds the embedded PostgreSQL's data when no SPRING_DATASOURCE_URL is given (a quick
# `docker run`); with an external database nothing is written there. /tmp stays writable (the embedded database
# unpacks its binaries there, Tomcat keeps its work files there); Kubernetes mounts an emptyDir over it.
RUN mkdir -p /app /var/lib/hijackwatch \
    && chown ${APP_UID}:0 /var/lib/hijackwatch \
    && chmod 0770 /var/lib/hijackwatch \
    && chmod 1777 /tmp

COPY --from=build --chown=0:0 --chmod=0444 /hijackwatch.jar /app/hijackwatch.jar

# The JVM sizes its heap from the container's memory limit rather than the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    HIJACKWATCH_DATABASE_EMBEDDED_DATA_DIR=/var/lib/hijackwatch/postgres

WORKDIR /app
USER ${APP_UID}:0
EXPOSE 8080

# No HEALTHCHECK: orchestrators probe /actuator/health/liveness and /actuator/health/readiness themselves
# (docker-compose.yml and the Helm chart do).
ENTRYPOINT ["java", "-jar", "/app/hijackwatch.jar"]
