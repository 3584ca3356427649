package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.JoinAccess;
import dev.oam.ocm.hub.bundle.HubBundle;

/** The join instructions shown in status. The token is minted by the user's own kubectl, never stored. */
public final class JoinCommand {
    private JoinCommand() {
    }

    public static String of(JoinAccess joinAccess) {
        if (!HubBundle.joinAccessEnabled(joinAccess)) {
            return null;
        }
        String command = "clusteradm join --hub-token $(kubectl -n " + HubBundle.OCM_NAMESPACE + " create token "
                + HubBundle.CLUSTERADM_BOOTSTRAP_SA + ") --hub-apiserver ";
        if (joinAccess == null || joinAccess.getHubApiServer() == null) {
            // The operator cannot know the address managed clusters reach this hub at (a load balancer, a
            // public DNS name): say which field gives it, rather than leave a bare placeholder.
            return command + "<hub-apiserver-url> --cluster-name <cluster-name>"
                    + " (set spec.joinAccess.hubApiServer to the URL managed clusters reach this hub at, and this"
                    + " command shows it)";
        }
        return command + joinAccess.getHubApiServer() + " --cluster-name <cluster-name>";
    }
}
