# The gateway as an image, built from a clean checkout: docker build -t disbursement-gateway .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
# the jar carries the operator routes (routes/) and the sandbox's mock providers (mock-providers/: sources,
# mappings, test-only keys), besides src/
COPY src src
COPY routes routes
COPY mock-providers mock-providers
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app gateway && mkdir -p /app/data/anchors && chown -R gateway /app/data
WORKDIR /app
COPY --from=build /src/target/disbursement-gateway.jar app.jar
# routes come from the jar; mount a folder and set DISBURSEMENT_ROUTES_DIR to replace them
USER gateway
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]
