package dev.oam.ocm.hub.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HubStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void fieldsTheServerAddsAreNoDifference() throws Exception {
        JsonNode desired = json("{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}},\"spec\":{\"replicas\":1,"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"i:1\"}]}}");
        JsonNode live = json("{\"metadata\":{\"name\":\"a\",\"uid\":\"u\",\"labels\":{\"x\":\"1\",\"y\":\"2\"}},"
                + "\"spec\":{\"replicas\":1,\"paused\":false,\"containers\":[{\"name\":\"c\",\"image\":\"i:1\","
                + "\"imagePullPolicy\":\"IfNotPresent\"}]},\"status\":{\"ready\":1}}");
        assertEquals(Optional.empty(), HubState.difference(desired, live, ""));
    }

    @Test
    void aZeroValueTheServerOmitsIsNoDifference() throws Exception {
        JsonNode desired = json("{\"spec\":{\"preserveUnknownFields\":false,\"names\":{\"shortNames\":[]}}}");
        assertEquals(Optional.empty(), HubState.difference(desired, json("{\"spec\":{\"names\":{}}}"), ""));
        assertEquals(Optional.of("spec.preserveUnknownFields = true, wanted false"),
                HubState.difference(desired, json("{\"spec\":{\"preserveUnknownFields\":true}}"), ""));
    }

    @Test
    void namesWhereTheLiveObjectDiffers() throws Exception {
        JsonNode desired = json("{\"metadata\":{\"labels\":{\"x\":\"1\"}},\"spec\":{\"containers\":[{\"image\":\"i:1\"}]}}");
        assertEquals(Optional.of("spec.containers[0].image = \"i:0\", wanted \"i:1\""), HubState.difference(desired,
                json("{\"metadata\":{\"labels\":{\"x\":\"1\"}},\"spec\":{\"containers\":[{\"image\":\"i:0\"}]}}"), ""));
        assertEquals(Optional.of("metadata.labels.x = \"2\", wanted \"1\""), HubState.difference(desired,
                json("{\"metadata\":{\"labels\":{\"x\":\"2\"}},\"spec\":{\"containers\":[{\"image\":\"i:1\"}]}}"), ""));
        assertEquals(Optional.of("spec.containers (1 items wanted, 2 found)"), HubState.difference(desired,
                json("{\"metadata\":{\"labels\":{\"x\":\"1\"}},\"spec\":{\"containers\":[{\"image\":\"i:1\"},{}]}}"), ""));
    }
}
