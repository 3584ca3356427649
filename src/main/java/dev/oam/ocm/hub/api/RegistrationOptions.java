package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** Registration controller options: feature gates plus the users whose clusters are accepted automatically. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrationOptions extends ComponentOptions {
    @JsonPropertyDescription("Users whose cluster join requests are approved without a human (needs the"
            + " ManagedClusterAutoApproval feature gate).")
    private List<String> autoApproveUsers;

    public List<String> getAutoApproveUsers() {
        return autoApproveUsers;
    }

    public void setAutoApproveUsers(List<String> autoApproveUsers) {
        this.autoApproveUsers = autoApproveUsers;
    }
}
