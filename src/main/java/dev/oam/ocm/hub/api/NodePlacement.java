package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Where pods go: a node selector and tolerations, as in a pod spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodePlacement {
    private Map<String, String> nodeSelector;
    private List<Toleration> tolerations;

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }
}
