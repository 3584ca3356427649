package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;

import java.util.Objects;

/** How many ManagedClusters the hub has, and how many are joined and available (status.managedClusters). */
public class ManagedClusterCounts {
    @JsonPropertyDescription("ManagedClusters on the hub.")
    private int total;

    @PrinterColumn(name = "Joined")
    @JsonPropertyDescription("ManagedClusters whose agent has joined (ManagedClusterJoined=True).")
    private int joined;

    @PrinterColumn(name = "Available")
    @JsonPropertyDescription("ManagedClusters available now (ManagedClusterConditionAvailable=True).")
    private int available;

    public ManagedClusterCounts() {
    }

    public ManagedClusterCounts(int total, int joined, int available) {
        this.total = total;
        this.joined = joined;
        this.available = available;
    }

    public int getTotal() {
        return total;
    }

    public void setTotal(int total) {
        this.total = total;
    }

    public int getJoined() {
        return joined;
    }

    public void setJoined(int joined) {
        this.joined = joined;
    }

    public int getAvailable() {
        return available;
    }

    public void setAvailable(int available) {
        this.available = available;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagedClusterCounts c && total == c.total && joined == c.joined && available == c.available;
    }

    @Override
    public int hashCode() {
        return Objects.hash(total, joined, available);
    }
}
