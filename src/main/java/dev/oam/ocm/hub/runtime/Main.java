package dev.oam.ocm.hub.runtime;

import java.util.Arrays;

/**
 * Entry point: {@code run} (the default) starts the operator, {@code render} prints the bundle,
 * {@code before-uninstall} removes every hub before the operator goes, {@code train} exercises the code for the
 * image's class-data archive.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ConsoleLogging.setUp();
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int code = switch (command) {
            case "run" -> OperatorMain.run(rest);
            case "render" -> RenderCommand.run(rest, System.in, System.out, System.err);
            case "train" -> ClassDataTraining.run(System.out);
            case "before-uninstall" -> BeforeUninstallCommand.run(rest, System.out, System.err);
            case "-h", "--help", "help" -> {
                System.out.println("""
                        usage: vela-ocm-hub-operator [run] [options]   start the operator (current kubeconfig or in-cluster)
                               vela-ocm-hub-operator render -f <velaocmhub.yaml|-> [--docker-config <file>]
                                                                        print the manifests the operator would apply
                               vela-ocm-hub-operator before-uninstall [--timeout 5m]
                                                                        delete every VelaOcmHub and wait until they are
                                                                        gone (the Helm chart's pre-delete hook)
                               vela-ocm-hub-operator train               exercise the code without a cluster (the image
                                                                        build records its classes in a class-data archive)
                        run options (flag or environment variable):
                          --namespace NS            OPERATOR_NAMESPACE  where the operator runs; spec.imagePullSecret is read here
                          --health-port PORT        HEALTH_PORT         probes and metrics (default 8080, 0 = off)
                          --health-address ADDR     HEALTH_ADDRESS      address of that port (default 0.0.0.0)
                          --leader-election BOOL    LEADER_ELECTION     elect a leader on a Lease (default true in a pod)
                        """);
                yield 0;
            }
            default -> {
                System.err.println("unknown command " + command + "; try --help");
                yield 2;
            }
        };
        if (code != 0 || !command.equals("run")) {
            System.exit(code);
        }
    }
}
