package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Per-image overrides. The pattern demands a tag or a digest after the last path segment, because an
 * untagged pull spec means :latest, which would let a node restart change the hub's version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageOverrides {
    static final String PINNED = "^[^\\s@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$";
    static final String NOT_LATEST = "!self.endsWith(':latest')";
    static final String NOT_LATEST_MESSAGE = "images must be pinned to a version tag or digest, not :latest";

    @Pattern(PINNED)
    @Size(max = 512)
    @ValidationRule(value = NOT_LATEST, message = NOT_LATEST_MESSAGE)
    @JsonPropertyDescription("registration-operator image, e.g. registry.example.com/ocm/registration-operator:v1.3.1")
    private String registrationOperator;

    @Pattern(PINNED)
    @Size(max = 512)
    @ValidationRule(value = NOT_LATEST, message = NOT_LATEST_MESSAGE)
    @JsonPropertyDescription("registration image (hub registration controller and webhook)")
    private String registration;

    @Pattern(PINNED)
    @Size(max = 512)
    @ValidationRule(value = NOT_LATEST, message = NOT_LATEST_MESSAGE)
    @JsonPropertyDescription("work image (work webhook and manifestworkreplicaset controller)")
    private String work;

    @Pattern(PINNED)
    @Size(max = 512)
    @ValidationRule(value = NOT_LATEST, message = NOT_LATEST_MESSAGE)
    @JsonPropertyDescription("placement image")
    private String placement;

    @Pattern(PINNED)
    @Size(max = 512)
    @ValidationRule(value = NOT_LATEST, message = NOT_LATEST_MESSAGE)
    @JsonPropertyDescription("addon-manager image")
    private String addOnManager;

    public String getRegistrationOperator() {
        return registrationOperator;
    }

    public void setRegistrationOperator(String registrationOperator) {
        this.registrationOperator = registrationOperator;
    }

    public String getRegistration() {
        return registration;
    }

    public void setRegistration(String registration) {
        this.registration = registration;
    }

    public String getWork() {
        return work;
    }

    public void setWork(String work) {
        this.work = work;
    }

    public String getPlacement() {
        return placement;
    }

    public void setPlacement(String placement) {
        this.placement = placement;
    }

    public String getAddOnManager() {
        return addOnManager;
    }

    public void setAddOnManager(String addOnManager) {
        this.addOnManager = addOnManager;
    }
}
