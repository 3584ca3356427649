package dev.oam.ocm.hub.api.clustermanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** spec.workConfiguration; the work driver stays "kube", the only one a plain hub serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkConfiguration extends FeatureGatesConfiguration {
    private String workDriver;

    public String getWorkDriver() {
        return workDriver;
    }

    public void setWorkDriver(String workDriver) {
        this.workDriver = workDriver;
    }
}
