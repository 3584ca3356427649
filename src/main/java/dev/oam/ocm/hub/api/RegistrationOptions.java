package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** Registration controller options: feature gates plus the users whose clusters are accepted automatically. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrationOptions extends ComponentOptions {
    @JsonPropertyDescription("Users whose cluster join requests are approved without a human (needs the"
            + " ManagedClusterAutoApproval feature gate).")
    // Compared with the user names of join requests (a CSR's username), which are never empty. size() costs the
    // same whatever the length; a regex over these unbounded strings exceeds the API server's CEL cost budget.
    @Size(max = 64)
    @ValidationRule(value = "self.all(u, u.size() > 0)", message = "autoApproveUsers entries must not be empty")
    private List<String> autoApproveUsers;

    public List<String> getAutoApproveUsers() {
        return autoApproveUsers;
    }

    public void setAutoApproveUsers(List<String> autoApproveUsers) {
        this.autoApproveUsers = autoApproveUsers;
    }
}
