package io.jetstreamproto.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The library works for an application on the module path: the module graph of {@code io.jetstreamproto.transport}
 * resolves from the built classes and the dependency jars, its classes load in their own layer and do real work
 * (key generation through BouncyCastle, a pooled buffer), and only the API package is exported to everyone. The
 * other tests run on the class path, so a missing {@code requires} would otherwise go unnoticed until a user hit it.
 */
class ModulePathTest {
    private static final String API_MODULE = "io.jetstreamproto.transport";
    private static final List<String> OUR_MODULES =
            List.of("io.jetstreamproto.crypto", "io.jetstreamproto.fec", "io.jetstreamproto.core", API_MODULE);

    @Test
    void theModuleGraphResolvesAndTheApiWorksInALayer() throws Exception {
        ModuleLayer layer = ourLayer();
        Class<?> identity = layer.findLoader(API_MODULE).loadClass("io.jetstreamproto.transport.ServerIdentity");
        assertThat(identity.getModule().getName()).isEqualTo(API_MODULE);
        assertThat(identity.getModule().isNamed()).isTrue();

        Object generated = identity.getMethod("generate").invoke(null);
        Object keys = identity.getMethod("publicKeys").invoke(generated);
        String fingerprint = String.valueOf(keys.getClass().getMethod("fingerprint").invoke(keys));
        assertThat(fingerprint).isNotBlank();
        identity.getMethod("close").invoke(generated);

        Class<?> config = layer.findLoader(API_MODULE).loadClass("io.jetstreamproto.transport.ConnectionConfig");
        Object defaults = config.getMethod("defaults").invoke(null);
        assertThat(config.getMethod("maxMessageSize").invoke(defaults)).isInstanceOf(Long.class);
    }

    @Test
    void onlyTheApiPackageIsExportedToEveryone() throws Exception {
        ModuleLayer layer = ourLayer();
        for (String name : OUR_MODULES) {
            ModuleDescriptor descriptor = layer.findModule(name).orElseThrow().getDescriptor();
            assertThat(descriptor.isAutomatic()).as(name).isFalse();
            for (ModuleDescriptor.Exports export : descriptor.exports()) {
                if (export.source().equals(API_MODULE)) {
                    continue;
                }
                assertThat(export.isQualified()).as("%s exports %s to everyone", name, export.source()).isTrue();
                assertThat(export.targets()).as("%s exports %s outside the library", name, export.source())
                        .allMatch(OUR_MODULES::contains);
            }
        }
        ModuleDescriptor api = layer.findModule(API_MODULE).orElseThrow().getDescriptor();
        assertThat(api.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly(API_MODULE);
        assertThat(api.exports()).allMatch(e -> !e.isQualified());
    }

    private static ModuleLayer ourLayer() {
        // The class path holds our modules as directories (target/classes with module-info.class) and the
        // dependencies as jars; test-classes directories are not modules and stay out.
        Path[] entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> Files.isDirectory(p) ? Files.exists(p.resolve("module-info.class"))
                        : p.toString().endsWith(".jar"))
                .toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(entries);
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(API_MODULE));
        for (String name : OUR_MODULES) {
            assertThat(configuration.findModule(name)).as("%s is in the resolved graph", name).isPresent();
        }
        return boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }
}
