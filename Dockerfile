# syntax=docker/dockerfile:1
# Build stage: the same command CI runs, without tests (CI has run them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src ./src
COPY crds ./crds
RUN mvn -B -ntp -q package -DskipTests

# Runtime stage: a JRE only, a non-root user, nothing written outside /tmp (mount an emptyDir there),
# so the pod runs with readOnlyRootFilesystem.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/vela-ocm-hub-operator.jar /app/vela-ocm-hub-operator.jar
# Small-footprint settings for a container, measured with the e2e suite (README, Benchmarks): heap sized
# from the cgroup limit (half of it; 128 MiB under deploy/base's 256 MiB limit) and starting small, a small
# fixed young generation, the serial collector (one hub, little garbage) shrinking the heap after a
# collection (HeapTrimmer runs one after an install), C1 only with a small code
# cache, smaller thread stacks, native heap trimmed when idle, exit on OOM so Kubernetes restarts us, and
# fewer glibc malloc arenas (native memory grows with them on multi-core nodes).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=6 -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MALLOC_ARENA_MAX=2
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/vela-ocm-hub-operator.jar"]
CMD ["run"]
