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
        String server = joinAccess == null || joinAccess.getHubApiServer() == null
                ? "<hub-apiserver-url>" : joinAccess.getHubApiServer();
        return "clusteradm join --hub-token $(kubectl -n " + HubBundle.OCM_NAMESPACE + " create token "
                + HubBundle.CLUSTERADM_BOOTSTRAP_SA + ") --hub-apiserver " + server + " --cluster-name <cluster-name>";
    }
}
