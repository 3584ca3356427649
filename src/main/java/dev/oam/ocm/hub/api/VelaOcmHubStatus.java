package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator saw. Conditions hold our own (Ready, OperatorAvailable, BundleApplied,
 * DeletionBlocked) and every ClusterManager condition mirrored verbatim.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VelaOcmHubStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @PrinterColumn(name = "Phase")
    @JsonPropertyDescription("One word summary: Installing, Upgrading, Ready, Degraded, Failed, Conflict, Blocked, Deleting.")
    private String phase;

    @PrinterColumn(name = "Version")
    @JsonPropertyDescription("The OCM release whose objects are applied.")
    private String installedVersion;

    @JsonPropertyDescription("The latest metadata.generation for which the hub was Ready. A hub that drops from"
            + " Ready for this generation is degraded (Warning events); before that it is installing or upgrading.")
    private Long lastReadyGeneration;

    @JsonPropertyDescription("ManagedClusters of the hub: how many, how many joined, how many available.")
    private ManagedClusterCounts managedClusters;

    @JsonPropertyDescription("How to join a cluster to this hub (no secrets: the token is created on demand).")
    private String joinCommand;

    @JsonPropertyDescription("Each enabled addon: its release and on how many clusters its agent is available.")
    private AddonsStatus addons;

    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getInstalledVersion() {
        return installedVersion;
    }

    public void setInstalledVersion(String installedVersion) {
        this.installedVersion = installedVersion;
    }

    public Long getLastReadyGeneration() {
        return lastReadyGeneration;
    }

    public void setLastReadyGeneration(Long lastReadyGeneration) {
        this.lastReadyGeneration = lastReadyGeneration;
    }

    public ManagedClusterCounts getManagedClusters() {
        return managedClusters;
    }

    public void setManagedClusters(ManagedClusterCounts managedClusters) {
        this.managedClusters = managedClusters;
    }

    public String getJoinCommand() {
        return joinCommand;
    }

    public void setJoinCommand(String joinCommand) {
        this.joinCommand = joinCommand;
    }

    public AddonsStatus getAddons() {
        return addons;
    }

    public void setAddons(AddonsStatus addons) {
        this.addons = addons;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VelaOcmHubStatus s
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(phase, s.phase)
                && Objects.equals(installedVersion, s.installedVersion)
                && Objects.equals(lastReadyGeneration, s.lastReadyGeneration)
                && Objects.equals(managedClusters, s.managedClusters)
                && Objects.equals(joinCommand, s.joinCommand)
                && Objects.equals(addons, s.addons)
                && Objects.equals(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, phase, installedVersion, lastReadyGeneration, managedClusters, joinCommand, addons, conditions);
    }
}
