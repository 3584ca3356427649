package dev.oam.ocm.hub.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditLogTest {
    private static final String BENCH = dev.oam.ocm.hub.e2e.harness.LocalCluster.ADMIN_USER;
    private static final String OPERATOR = "system:serviceaccount:vela-ocm-hub-system:vela-ocm-hub-operator";

    @Test
    void eachChangeIsSplitIntoItsWriteTheOperatorAndTheOperatorsWrite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.log");
        Files.write(file, List.of(
                // before the mark
                event(BENCH, "update", "clustermanagers", "status", "10:00:00.000000", "10:00:00.010000"),
                // change 1: written in 8 ms, the operator's patch 5 ms after the answer, itself 9 ms
                event(BENCH, "update", "clustermanagers", "status", "10:00:01.000000", "10:00:01.008000"),
                event("system:serviceaccount:open-cluster-management:cluster-manager", "update", "clustermanagers",
                        "status", "10:00:01.009000", "10:00:01.012000"),
                event(OPERATOR, "get", "velaocmhubs", "status", "10:00:01.010000", "10:00:01.011000"),
                event(OPERATOR, "patch", "velaocmhubs", "", "10:00:01.011000", "10:00:01.012000"),
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:01.013000", "10:00:01.022000"),
                // a second patch after the same change is not another hop
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:01.030000", "10:00:01.031000"),
                // change 2: the log is not in received order; no operator write within a second is left out
                event(BENCH, "update", "clustermanagers", "status", "10:00:02.000000", "10:00:02.004000"),
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:03.500000", "10:00:03.501000"),
                // change 3
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:04.016000", "10:00:04.020000"),
                event(BENCH, "update", "clustermanagers", "status", "10:00:04.000000", "10:00:04.006000"),
                "{\"stage\":\"ResponseComplete\",\"verb\":\"upd"));

        List<AuditLog.Hop> hops = new AuditLog(file).hops(1, "clustermanagers", AuditLog.user(BENCH), "velaocmhubs",
                AuditLog.user(OPERATOR));

        assertEquals(List.of(new AuditLog.Hop(8, 5, 9), new AuditLog.Hop(6, 10, 4)), hops);
    }

    @Test
    void workLeavesOutLeaseRenewalsAndEvents(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.log");
        Files.write(file, List.of(
                event("system:kube-controller-manager", "update", "leases", "", "10:00:00.000000", "10:00:00.001000"),
                event("system:kube-controller-manager", "create", "events", "", "10:00:00.000000", "10:00:00.001000"),
                event("system:kube-controller-manager", "create", "serviceaccounts", "", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "get", "velaocmhubs", "", "10:00:00.000000", "10:00:00.001000")));

        AuditLog.Counts counts = new AuditLog(file).count(0, AuditLog.work());

        assertEquals(new AuditLog.Counts(2, 1), counts);
    }

    @Test
    void aSummaryGroupsTheRequestsOfOneClientMostFrequentFirst(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.log");
        Files.write(file, List.of(
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "create", "events", "", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:00.000000", "10:00:00.001000"),
                event(BENCH, "patch", "velaocmhubs", "status", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "create", "events", "", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "get", "secrets", "", "10:00:00.000000", "10:00:00.001000"),
                event(OPERATOR, "patch", "velaocmhubs", "status", "10:00:00.000000", "10:00:00.001000")));

        Map<String, Integer> groups = new AuditLog(file).grouped(1, AuditLog.user(OPERATOR));

        assertEquals(List.of("patch velaocmhubs/status 200", "create events 201", "get secrets 200"),
                List.copyOf(groups.keySet()));
        assertEquals(List.of(3, 2, 1), List.copyOf(groups.values()));
    }

    @Test
    void theTimeToAnApplyRunsFromTheFirstMatchingRequestToTheFirstCarriedOutOneAfterIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.log");
        String apply = "/apis/operator.open-cluster-management.io/v1/clustermanagers/cluster-manager?fieldManager=op&force=true";
        Files.write(file, List.of(
                // an apply before the hub was created belongs to an earlier install
                withUri(event(OPERATOR, "patch", "clustermanagers", "", "09:59:59.000000", "09:59:59.010000"), apply),
                event(BENCH, "create", "velaocmhubs", "", "10:00:00.100000", "10:00:00.104000"),
                // neither a dry-run nor a refused apply is the apply
                withUri(event(OPERATOR, "patch", "clustermanagers", "", "10:00:00.300000", "10:00:00.301000"),
                        apply + "&dryRun=All"),
                withUri(event(OPERATOR, "patch", "clustermanagers", "", "10:00:00.500000", "10:00:00.501000"), apply)
                        .replace("\"code\":200", "\"code\":404"),
                // answered after a later request: the log is in answer order, the first by receipt counts
                withUri(event(OPERATOR, "patch", "clustermanagers", "", "10:00:01.200000", "10:00:01.210000"), apply),
                withUri(event(OPERATOR, "patch", "clustermanagers", "", "10:00:00.900000", "10:00:01.300000"), apply)));
        AuditLog log = new AuditLog(file);
        var hubCreated = AuditLog.resource("velaocmhubs").and(AuditLog.verbIn("create"));
        var applied = AuditLog.user(OPERATOR).and(AuditLog.resource("clustermanagers")).and(AuditLog.carriedOut());

        assertEquals(0.8, log.secondsBetween(0, hubCreated, applied).orElseThrow(), 1e-9);
        assertEquals(Optional.empty(), log.secondsBetween(0, hubCreated, AuditLog.user(BENCH).and(AuditLog.verbIn("delete"))));
        assertEquals(Optional.empty(), log.secondsBetween(0, AuditLog.verbIn("delete"), applied));
    }

    private static String withUri(String event, String uri) {
        return event.replace("{\"stage\":", "{\"requestURI\":\"" + uri + "\",\"stage\":");
    }

    private static String event(String user, String verb, String resource, String subresource, String received,
                                String answered) {
        return "{\"stage\":\"ResponseComplete\",\"verb\":\"" + verb + "\",\"user\":{\"username\":\"" + user + "\"},"
                + "\"objectRef\":{\"resource\":\"" + resource + "\",\"subresource\":\"" + subresource + "\"},"
                + "\"responseStatus\":{\"code\":" + ("create".equals(verb) ? 201 : 200) + "},"
                + "\"requestReceivedTimestamp\":\"2026-12-07T" + received + "Z\",\"stageTimestamp\":\"2026-12-07T"
                + answered + "Z\"}";
    }
}
