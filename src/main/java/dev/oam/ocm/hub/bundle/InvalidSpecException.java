package dev.oam.ocm.hub.bundle;

/**
 * The spec passed the CRD schema but cannot be installed (unknown version, unpinned image, ...).
 * The message is shown to users as is, in status, events and the render command.
 */
public class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
        super(message);
    }
}
