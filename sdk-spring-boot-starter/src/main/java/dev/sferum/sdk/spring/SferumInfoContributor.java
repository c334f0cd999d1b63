package dev.sferum.sdk.spring;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds {@code sferum} to {@code /actuator/info}: backend, base URL, store type and SDK version. Never a token, a
 * secret or an id of a person.
 *
 * @since 0.1.0
 */
public final class SferumInfoContributor implements InfoContributor {
    private final Map<String, Object> details;

    SferumInfoContributor(SferumProperties properties, SferumClients clients, SferumStores stores) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("backend", properties.backend().toString());
        d.put("baseUrl", clients != null ? clients.baseUrl() : properties.baseUrlOverride().orElse("default"));
        d.put("configured", clients != null);
        d.put("stores", stores.type.name().toLowerCase(java.util.Locale.ROOT));
        String version = SferumInfoContributor.class.getPackage().getImplementationVersion();
        d.put("sdkVersion", version != null ? version : "development");
        this.details = java.util.Collections.unmodifiableMap(d);
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("sferum", details);
    }

    @Override
    public String toString() {
        return "SferumInfoContributor" + details;
    }
}
