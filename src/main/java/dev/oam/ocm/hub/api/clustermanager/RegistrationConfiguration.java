package dev.oam.ocm.hub.api.clustermanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** spec.registrationConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RegistrationConfiguration extends FeatureGatesConfiguration {
    private List<String> autoApproveUsers;

    public List<String> getAutoApproveUsers() {
        return autoApproveUsers;
    }

    public void setAutoApproveUsers(List<String> autoApproveUsers) {
        this.autoApproveUsers = autoApproveUsers;
    }
}
