package dev.oam.ocm.hub.e2e.harness;

import java.util.List;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every container the addons' hub side and their agents run maps to a built binary, or is refused with a reason. */
class AddonImagesTest {
    private static final Function<String, String> BUILT = addon -> "0.10.0";

    @Test
    void theManagersTheOperatorRendersRunTheirAddonsBinaries() {
        AddonImages.Launch msa = launch(container("quay.io/open-cluster-management/managed-serviceaccount:v0.10.0",
                List.of("/msa", "manager"), List.of("--leader-elect=true")));
        assertEquals(new AddonImages.Launch("managed-serviceaccount", "msa", List.of("manager", "--leader-elect=true")), msa);
        AddonImages.Launch proxy = launch(container("quay.io/open-cluster-management/cluster-proxy:v0.10.0",
                List.of("/manager"), List.of("--leader-elect=true")));
        assertEquals(new AddonImages.Launch("cluster-proxy", "addon-manager", List.of("--leader-elect=true")), proxy);
    }

    @Test
    void theContainersTheManagersCreateRunTheBinariesTheUpstreamImageShipsUnderThoseNames() {
        String image = "quay.io/open-cluster-management/cluster-proxy:v0.10.0";
        assertEquals("proxy-server", launch(container(image, List.of("/proxy-server"), List.of("--server-count=1"))).binary());
        assertEquals("proxy-agent", launch(container(image, List.of("/proxy-agent"), List.of())).binary());
        assertEquals("addon-agent", launch(container(image, List.of("/agent"), List.of("--v=2"))).binary());
        assertEquals(List.of("service-proxy", "--cert=/server-cert/tls.crt"),
                launch(container(image, List.of("/cluster-proxy"), List.of("service-proxy", "--cert=/server-cert/tls.crt"))).args());
        assertEquals(List.of("agent", "--cluster-name=cluster1"), launch(container(
                "quay.io/open-cluster-management/managed-serviceaccount:v0.10.0", List.of("/msa", "agent"),
                List.of("--cluster-name=cluster1"))).args());
    }

    @Test
    void clusterGatewaysImagesRunTheirEntrypointsWithTheArgsTheirDeploymentsGive() {
        Function<String, String> built = addon -> "cluster-gateway".equals(addon) ? "1.9.0" : "0.10.0";
        AddonImages.Resolution manager = AddonImages.resolve(container("docker.io/oamdev/cluster-gateway-addon-manager:v1.9.0",
                List.of(), List.of("--leader-elect=true")), built);
        assertEquals(new AddonImages.Launch("cluster-gateway", "addon-manager", List.of("--leader-elect=true")),
                manager.launch(), String.valueOf(manager.why()));
        AddonImages.Resolution apiserver = AddonImages.resolve(container("docker.io/oamdev/cluster-gateway:v1.9.0",
                List.of(), List.of("--secure-port=9443", "--ocm-integration=true")), built);
        assertEquals(new AddonImages.Launch("cluster-gateway", "apiserver", List.of("--secure-port=9443",
                "--ocm-integration=true")), apiserver.launch(), String.valueOf(apiserver.why()));
        AddonImages.Resolution overridden = AddonImages.resolve(container("docker.io/oamdev/cluster-gateway:v1.9.0",
                List.of("/patch"), List.of()), built);
        assertEquals("UnknownCommand", overridden.reason(), "the image's other binary is not built here");
    }

    @Test
    void aMirrorKeepsTheImageName() {
        assertEquals("msa", launch(container("registry.example:5000/mirror/managed-serviceaccount:v0.10.0",
                List.of("/msa", "manager"), List.of())).binary());
        assertTrue(AddonImages.isAddonImage("registry.example:5000/mirror/cluster-proxy:v0.10.0"));
        assertFalse(AddonImages.isAddonImage("quay.io/open-cluster-management/registration:v1.2.1"));
        assertFalse(AddonImages.isAddonImage("quay.io/x/cluster-proxy-addon:v0.10.0"));
    }

    @Test
    void anotherReleaseAnUnknownEntrypointOrAnotherImageIsRefusedWithTheReason() {
        AddonImages.Resolution older = AddonImages.resolve(container(
                "quay.io/open-cluster-management/cluster-proxy:v0.9.0", List.of("/manager"), List.of()), BUILT);
        assertNull(older.launch());
        assertEquals("NoLocalBinary", older.reason());
        assertTrue(older.why().contains("v0.9.0") && older.why().contains("cluster-proxy 0.10.0"), older.why());

        AddonImages.Resolution noCommand = AddonImages.resolve(container(
                "quay.io/open-cluster-management/managed-serviceaccount:v0.10.0", List.of(), List.of("manager")), BUILT);
        assertEquals("UnknownCommand", noCommand.reason());
        assertTrue(noCommand.why().contains("[/msa]"), noCommand.why());

        AddonImages.Resolution latest = AddonImages.resolve(container(
                "quay.io/open-cluster-management/managed-serviceaccount:latest", List.of("/msa"), List.of()), BUILT);
        assertEquals("NoLocalBinary", latest.reason());

        AddonImages.Resolution other = AddonImages.resolve(container("busybox:1.36", List.of("sh"), List.of()), BUILT);
        assertEquals("NoLocalBinary", other.reason());
        assertTrue(other.why().contains("busybox:1.36"), other.why());
    }

    private static AddonImages.Launch launch(Container container) {
        AddonImages.Resolution resolution = AddonImages.resolve(container, BUILT);
        assertNull(resolution.why(), "expected " + container.getImage() + " " + container.getCommand() + " to run");
        return resolution.launch();
    }

    private static Container container(String image, List<String> command, List<String> args) {
        return new ContainerBuilder().withName("c").withImage(image).withCommand(command).withArgs(args).build();
    }
}
