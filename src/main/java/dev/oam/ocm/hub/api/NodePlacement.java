package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * Where pods go: a node selector and tolerations, as in a pod spec. Both end up in pod templates (ours directly,
 * the hub components' through the ClusterManager), where Kubernetes refuses what the rules below refuse; checked
 * at admission, a mistake is answered at once instead of by a Deployment the API server or OCM cannot apply.
 * The size bounds keep the rules' cost within what the API server accepts. The syntax of keys and values is not
 * checked here: fabric8's Toleration and a map's keys carry no maxLength, and a regex over a string of unbounded
 * length exceeds the API server's CEL cost budget many times over (measured on kube-apiserver 1.34). The
 * bundle's render checks them instead (PodFieldRules), before anything is written. Their lengths are checked
 * here (a string's size costs CEL one step): a key Kubernetes could never accept must not reach the operator, whose
 * JSON reader refuses a mapping key over 50,000 characters and could then not read the VelaOcmHub at all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodePlacement {
    @Size(max = 32)
    @ValidationRule(value = "self.all(k, k.size() <= 317 && self[k].size() <= 63)",
            message = "node selector keys have at most 317 characters (a 253-character prefix, '/', 63 characters)"
                    + " and values at most 63")
    private Map<String, String> nodeSelector;

    @Size(max = 32)
    @ValidationRule(value = "self.all(t, !has(t.operator) || t.operator in ['Exists', 'Equal'])",
            message = "toleration operator must be Exists or Equal")
    @ValidationRule(value = "self.all(t, !has(t.effect) || t.effect in ['', 'NoSchedule', 'PreferNoSchedule',"
            + " 'NoExecute'])", message = "toleration effect must be NoSchedule, PreferNoSchedule or NoExecute")
    @ValidationRule(value = "self.all(t, (has(t.key) && t.key != '') || (has(t.operator) && t.operator == 'Exists'))",
            message = "a toleration without a key must have operator Exists")
    @ValidationRule(value = "self.all(t, !has(t.operator) || t.operator != 'Exists' || !has(t.value) || t.value == '')",
            message = "a toleration with operator Exists must not have a value")
    @ValidationRule(value = "self.all(t, !has(t.tolerationSeconds) || (has(t.effect) && t.effect == 'NoExecute'))",
            message = "tolerationSeconds applies only to effect NoExecute")
    @ValidationRule(value = "self.all(t, (!has(t.key) || t.key.size() <= 317) && (!has(t.value) || t.value.size() <= 63))",
            message = "toleration keys have at most 317 characters and values at most 63")
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
