package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * The bootstrap identities managed clusters join with. Status carries the command to run, never a
 * token: tokens are minted on demand with kubectl create token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JoinAccess {
    @Default("true")
    @JsonPropertyDescription("Create the bootstrap ServiceAccounts and RBAC for clusteradm join and vela cluster join.")
    private Boolean enabled;

    @Pattern("^https://[^\\s/]+(/.*)?$")
    @JsonPropertyDescription("URL managed clusters reach the hub API server at; used in the join command shown in status.")
    private String hubApiServer;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getHubApiServer() {
        return hubApiServer;
    }

    public void setHubApiServer(String hubApiServer) {
        this.hubApiServer = hubApiServer;
    }
}
