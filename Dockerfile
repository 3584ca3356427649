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
# collection (HeapTrimmer runs one after an install), C1 only with a small code cache and compiling only
# methods called twice as often as by default (less code kept; start-up time is won back by the archive
# below), smaller thread stacks, native heap trimmed when idle, reflection kept native (Jackson's calls would otherwise each
# generate a class), exit on OOM so Kubernetes restarts us, and fewer glibc malloc arenas (native memory
# grows with them on multi-core nodes).
ENV JVM_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=6 -Xmn6m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:Tier3InvocationThreshold=400 -XX:Tier3MinInvocationThreshold=200 -XX:Tier3CompileThreshold=4000 -XX:Tier3BackEdgeThreshold=120000 -Xss256k -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=96m -XX:TrimNativeHeapInterval=5000 -Dsun.reflect.inflationThreshold=2147483647 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MALLOC_ARENA_MAX=2
# Class-data archive: a training run of this JRE and jar (no cluster needed) records the classes the
# operator loads; every start then maps them instead of parsing the jar (start to ready about 0.8 s sooner).
# The heap is fixed here so the archive is made with the compressed pointers it runs with.
RUN java ${JVM_OPTIONS} -Xmx128m -XX:ArchiveClassesAtExit=/app/vela-ocm-hub-operator.jsa -jar /app/vela-ocm-hub-operator.jar train
ENV JAVA_TOOL_OPTIONS="${JVM_OPTIONS} -XX:SharedArchiveFile=/app/vela-ocm-hub-operator.jsa"
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/vela-ocm-hub-operator.jar"]
CMD ["run"]
