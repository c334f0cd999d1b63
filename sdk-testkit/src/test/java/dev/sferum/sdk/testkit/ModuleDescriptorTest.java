package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tests run on the class path (see the pom), so this boots the compiled module with Jackson in a real module
 * layer: the descriptor must export only the API package and the fake must work there (resources, JDK HTTP
 * server, Jackson all reached through the module graph).
 */
class ModuleDescriptorTest {

    private static Path locationOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleLayer layer() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(FakeVk.class),
                locationOf(tools.jackson.databind.json.JsonMapper.class),
                locationOf(tools.jackson.core.JsonParser.class),
                locationOf(com.fasterxml.jackson.annotation.JsonProperty.class),
                locationOf(dev.sferum.sdk.core.ApiClient.class),
                locationOf(org.slf4j.Logger.class),
                locationOf(io.github.resilience4j.retry.Retry.class),
                locationOf(io.github.resilience4j.core.IntervalFunction.class));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("dev.sferum.sdk.testkit"));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void descriptor_whenRead_expectedOnlyApiPackageExportedAndJunitOptional() throws Exception {
        ModuleDescriptor descriptor = layer().findModule("dev.sferum.sdk.testkit").orElseThrow().getDescriptor();

        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.sferum.sdk.testkit");
        assertThat(descriptor.exports()).allMatch(e -> !e.isQualified());
        assertThat(descriptor.requires().stream().filter(r -> r.name().equals("org.junit.jupiter.api"))
                .map(ModuleDescriptor.Requires::modifiers).collect(Collectors.toList()))
                .containsExactly(Set.of(ModuleDescriptor.Requires.Modifier.STATIC,
                        ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }

    @Test
    void fake_whenStartedInModuleLayer_expectedServesVkErrorsFromItsResources() throws Exception {
        ModuleLayer layer = layer();
        Class<?> fakeVk = layer.findLoader("dev.sferum.sdk.testkit").loadClass("dev.sferum.sdk.testkit.FakeVk");
        assertThat(fakeVk.getModule().getName()).isEqualTo("dev.sferum.sdk.testkit");
        AutoCloseable fake = (AutoCloseable) fakeVk.getMethod("start").invoke(null);
        try (fake) {
            URI base = (URI) fakeVk.getMethod("baseUri").invoke(fake);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("method/users.get?v=5.199")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).contains("\"error_code\":5")
                    .contains("User authorization failed: no access_token passed.");
        }
    }
}
