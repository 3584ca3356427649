package dev.oam.ocm.hub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Argo CD health check of a VelaOcmHub as README shows it and as deploy/argocd ships it: the Lua under the
 * {@code resource.customizations.health.ocm.oam.dev_VelaOcmHub} key, unindented. Tests run README's copy, so what a
 * user pastes is what was executed.
 */
public final class ArgoCdHealthScript {
    public static final Path README = Path.of("README.md");
    public static final Path SHIPPED = Path.of("deploy/argocd/argocd-cm-health.yaml");
    private static final String KEY = "resource.customizations.health.ocm.oam.dev_VelaOcmHub: |";

    private ArgoCdHealthScript() {
    }

    /** The Lua of README's argocd-cm snippet. */
    public static String fromReadme() {
        return luaAfterKey(README);
    }

    /** The Lua of deploy/argocd/argocd-cm-health.yaml. */
    public static String shipped() {
        return luaAfterKey(SHIPPED);
    }

    /** The indented block under the key, up to the first line indented less (or a Markdown fence). */
    private static String luaAfterKey(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int keyLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(KEY)) {
                if (keyLine >= 0) {
                    throw new IllegalStateException(file + " holds the key " + KEY + " twice");
                }
                keyLine = i;
            }
        }
        if (keyLine < 0) {
            throw new IllegalStateException(file + " has no line '" + KEY + "'");
        }
        int keyIndent = indent(lines.get(keyLine));
        List<String> body = new ArrayList<>();
        int bodyIndent = -1;
        for (String line : lines.subList(keyLine + 1, lines.size())) {
            if (line.isBlank()) {
                body.add("");
                continue;
            }
            if (indent(line) <= keyIndent) {
                break;
            }
            if (bodyIndent < 0) {
                bodyIndent = indent(line);
            }
            body.add(line.substring(Math.min(bodyIndent, indent(line))));
        }
        return String.join("\n", body).strip() + "\n";
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
