package dev.berth.core.spec;

import dev.berth.core.error.InvalidSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecParserTest
{
    private static final String FULL = """
            name: web
            image: registry.local:5000/web:1.2
            command: ["/bin/server"]
            args: --port 8080 --name "my server"
            env:
              MODE: prod
              TOKEN: {value: s3cret, secret: true}
            workingDir: /srv
            user: "1000:1000"
            ports: ["18080:8080", {container: 9090, host: 19090, protocol: udp, hostIp: 0.0.0.0}]
            mounts: ["/data/web:/var/www:ro", {type: tmpfs, target: /tmp, size: 64Mi}]
            resources:
              cpu: 500m
              memory: 512Mi
              pids: 100
              gpu: {count: 1, vendor: nvidia, sharing: mps, mps: {pipeDirectory: /run/mps, activeThreadPercentage: 50, pinnedMemoryLimit: 0=2G}}
            platform: {os: linux, arch: amd64}
            labels: {tier: front}
            health: {type: http, port: 8080, path: /healthz, interval: 5s, timeout: 1s, retries: 4, startGrace: 10s}
            init:
              - {type: tcp, port: 5432, host: db, retries: 5, timeout: 2s}
              - {type: sleep, duration: 1s}
            initPolicy: backoff
            depends:
              - db
              - {service: cache, condition: healthy, timeout: 30s, onTimeout: warn}
            restart: {policy: on-failure, maxAttempts: 3, backoff: {initial: 500ms, max: 10s}, crashLoop: {restarts: 4, window: 1m, delay: 2m}}
            replicas: 3
            security: {readOnlyRootfs: true}
            startTimeout: 20s
            stopGrace: 3s
            """;

    @Test
    void parsesEveryField()
    {
        ServiceSpec spec = SpecParser.parseService(FULL);
        assertThat(spec.name()).isEqualTo("web");
        assertThat(spec.image()).isEqualTo("registry.local:5000/web:1.2");
        assertThat(spec.command()).containsExactly("/bin/server");
        assertThat(spec.args()).containsExactly("--port", "8080", "--name", "my server");
        assertThat(spec.env()).containsEntry("MODE", "prod").containsEntry("TOKEN", "s3cret");
        assertThat(spec.secretEnv()).containsExactly("TOKEN");
        assertThat(spec.workingDir()).isEqualTo("/srv");
        assertThat(spec.user()).isEqualTo("1000:1000");
        assertThat(spec.ports()).containsExactly(new PortSpec(8080, 18080, "tcp", "127.0.0.1"), new PortSpec(9090, 19090, "udp", "0.0.0.0"));
        assertThat(spec.network()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(spec.mounts()).containsExactly(
                new MountSpec(MountSpec.Type.BIND, "/data/web", "/var/www", true, 0),
                new MountSpec(MountSpec.Type.TMPFS, "", "/tmp", false, 64L << 20));
        assertThat(spec.resources().cpuMillis()).isEqualTo(500);
        assertThat(spec.resources().memoryBytes()).isEqualTo(512L << 20);
        assertThat(spec.resources().pids()).isEqualTo(100);
        GpuRequest gpu = spec.resources().gpu().orElseThrow();
        assertThat(gpu.count()).isEqualTo(1);
        assertThat(gpu.sharing()).isEqualTo(GpuSharing.MPS);
        assertThat(gpu.mps().pipeDirectory()).isEqualTo("/run/mps");
        assertThat(gpu.mps().logDirectory()).isEqualTo(MpsSettings.DEFAULT_LOG_DIRECTORY);
        assertThat(gpu.mps().activeThreadPercentage()).hasValue(50);
        assertThat(gpu.mps().pinnedMemoryLimit()).contains("0=2G");
        assertThat(spec.platform().os()).contains(OsFamily.LINUX);
        assertThat(spec.platform().arch()).contains("amd64");
        assertThat(spec.labels()).isEqualTo(Map.of("tier", "front"));
        HealthCheck health = spec.health().orElseThrow();
        assertThat(health.type()).isEqualTo(HealthCheck.Type.HTTP);
        assertThat(health.path()).isEqualTo("/healthz");
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(health.retries()).isEqualTo(4);
        assertThat(health.startGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.init()).hasSize(2);
        assertThat(spec.init().get(0).kind()).isEqualTo(InitStep.Kind.TCP);
        assertThat(spec.init().get(0).host()).isEqualTo("db");
        assertThat(spec.init().get(0).retries()).isEqualTo(5);
        assertThat(spec.init().get(1).duration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.initPolicy()).isEqualTo(InitFailurePolicy.BACKOFF);
        assertThat(spec.depends()).containsExactly(
                new Dependency("db", Dependency.Condition.STARTED, SpecDefaults.DEPENDENCY_TIMEOUT, Dependency.OnTimeout.FAIL),
                new Dependency("cache", Dependency.Condition.HEALTHY, Duration.ofSeconds(30), Dependency.OnTimeout.WARN));
        assertThat(spec.restart().mode()).isEqualTo(RestartPolicy.Mode.ON_FAILURE);
        assertThat(spec.restart().maxAttempts()).isEqualTo(3);
        assertThat(spec.restart().initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.restart().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.restart().crashLoopRestarts()).isEqualTo(4);
        assertThat(spec.restart().crashLoopWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.restart().crashLoopDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.replicas()).isEqualTo(3);
        assertThat(spec.security().readOnlyRootfs()).isTrue();
        assertThat(spec.security().noNewPrivileges()).isTrue();
        assertThat(spec.startTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(spec.stopGrace()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void defaultsForAMinimalSpec()
    {
        ServiceSpec spec = SpecParser.parseService("{\"name\": \"a\", \"image\": \"busybox\"}");
        assertThat(spec.replicas()).isEqualTo(1);
        assertThat(spec.network()).isEqualTo(NetworkMode.NONE);
        assertThat(spec.restart()).isEqualTo(RestartPolicy.NEVER);
        assertThat(spec.isolation()).isEqualTo(Isolation.AUTO);
        assertThat(spec.security()).isEqualTo(SecuritySpec.DEFAULT);
        assertThat(spec.startTimeout()).isEqualTo(SpecDefaults.START_TIMEOUT);
        assertThat(spec.explicitRuntime()).isEmpty();
        assertThat(spec.health()).isEmpty();
    }

    @Test
    void collectsEveryProblemWithItsPath()
    {
        String text = """
                name: Web!
                image: busybox
                resources: {memory: 12XB, cpu: lots, pids: -1}
                replicas: many
                restart: {policy: sometimes}
                stopGrace: 10
                """;
        assertThatThrownBy(() -> SpecParser.parseService(text))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("name: \"Web!\" is not a valid name")
                .hasMessageContaining("resources.memory: \"12XB\" is not a size")
                .hasMessageContaining("resources.cpu: \"lots\" is not a CPU quantity")
                .hasMessageContaining("resources.pids: -1 is out of range")
                .hasMessageContaining("replicas: \"many\" is not an integer")
                .hasMessageContaining("restart.policy: \"sometimes\" is not one of no|always|on-failure|unless-stopped")
                .hasMessageContaining("stopGrace: \"10\" is not a duration");
    }

    @Test
    void unknownFieldSuggestsNearestName()
    {
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: b\nreplcas: 2\n"))
                .hasMessageContaining("replcas: unknown field 'replcas', did you mean 'replicas'?");
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: b\nresources: {memroy: 1Gi}\n"))
                .hasMessageContaining("resources.memroy: unknown field 'memroy', did you mean 'memory'?");
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: b\nzzzzzzzz: 1\n"))
                .hasMessageContaining("unknown field 'zzzzzzzz' (valid: ");
    }

    @Test
    void requiredFields()
    {
        assertThatThrownBy(() -> SpecParser.parseService("args: [x]"))
                .hasMessageContaining("name: is required")
                .hasMessageContaining("image: is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "ports: [\"99999:80\"]#ports[0]: \"99999:80\" is not",
            "ports: [\"80/sctp\"]#protocol \"sctp\" is not one of tcp|udp",
            "ports: [{host: 80}]#ports[0].container: is required",
            "ports: 80#ports: must be a list",
            "mounts: [\"relative:/x\"]#mounts[0].source: \"relative\" is not an absolute host path",
            "mounts: [\"/a:/b:rx\"]#mounts[0]: \"/a:/b:rx\" is not SOURCE:TARGET",
            "mounts: [{type: tmpfs, source: /x, target: /y}]#a tmpfs mount takes no source",
            "mounts: [\"/a/../etc:/b\"]#paths must not contain '..'",
            "mounts: [{type: bind, source: /a, target: rel}]#\"rel\" is not an absolute container path",
            "resources: {memory: 1Ki}#below the 6Mi minimum",
            "resources: {memory: 2Pi}#more than 1Pi",
            "resources: {cpu: 2000}#more than 1024 cores",
            "resources: {cpu: \"0\"}#must be greater than zero",
            "resources: {gpu: {count: 0}}#resources.gpu.count: 0 is out of range",
            "resources: {gpu: {count: x}}#is not a number or \"all\"",
            "resources: {gpu: {sharing: shared}}#resources.gpu.sharing: \"shared\" is not one of exclusive|mps|time-slice",
            "resources: {gpu: {timeSliceIndex: 1}}#only applies to sharing: time-slice",
            "resources: {gpu: {count: 2, ids: [a, b, c]}}#3 ids given but count is 2",
            "resources: {gpu: {mps: {activeThreadPercentage: 150}}}#150 is out of range",
            "platform: {os: beos}#platform.os: \"beos\" is not one of linux|windows",
            "platform: {os: linux}\\nisolation: hyperv#isolation is for Windows workloads",
            "isolation: container#isolation: \"container\" is not one of auto|process|hyperv",
            "health: {type: tcp}#health.port: is required for a tcp or http check",
            "health: {type: exec}#health.command: is required for an exec check",
            "health: {port: 80}#health.type: is required",
            "health: {type: tcp, port: 1, interval: 0s}#health.interval: must be greater than zero",
            "init: [{type: sleep}]#init[0].duration: is required for a sleep step",
            "init: [{type: http}]#init[0].port: is required",
            "init: [{type: exec}]#init[0].command: is required",
            "init: [{type: pray}]#init[0].type: \"pray\" is not one of tcp|http|exec|sleep",
            "init: {type: sleep}#init: must be a list",
            "depends: [{condition: healthy}]#depends[0].service: is required",
            "depends: [{service: a, condition: alive}]#is not one of started|healthy|ready",
            "depends: x#depends: must be a list",
            "restart: {policy: always, maxAttempts: 3}#only applies to policy: on-failure",
            "restart: {policy: always, backoff: {initial: 1m, max: 1s}}#is longer than backoff.max",
            "restart: sometimes#restart: \"sometimes\" is not one of",
            "security: {capAdd: [\"net admin\"]}#is not a capability name",
            "security: {devices: [/etc/passwd]}#is not a /dev path",
            "security: {seccomp: relaxed}#is not default, unconfined or an absolute profile path",
            "security: {privileged: maybe}#security.privileged: \"maybe\" is not true or false",
            "env: {\"1BAD\": x}#\"1BAD\" is not a valid variable name",
            "env: [NOEQUALS]#env[0]: \"NOEQUALS\" is not KEY=VALUE",
            "env: 5#env: must be a mapping or a list of KEY=VALUE",
            "secretEnv: [MISSING]#\"MISSING\" is not an env entry",
            "workingDir: srv#\"srv\" is not an absolute path",
            "command: \"echo 'unterminated\"#unterminated",
            "command: {a: b}#command: must be a list of strings",
            "command: [[a]]#command[0]: must be a string",
            "labels: [x]#labels[0]: \"x\" is not KEY=VALUE",
            "labels: {a: [x]}#labels.a: must be a string",
            "tty: 3#tty: \"3\" is not true or false",
            "stopGrace: -1s#stopGrace: \"-1s\" is not a duration",
            "image: \"bad image\"#contains whitespace",
            "replicas: 5000#replicas: 5000 is out of range",
            "resources: 3#resources: must be a mapping of fields",
            "name: {x: y}#name: must be a single value",
            "health: {type: http, port: 80, path: /health check}#health.path: \"/health check\" is not a URL path",
            "health: {type: tcp, port: 80, timeout: 30d}#health.timeout: 720h is over a socket's limit of",
            "init: [{type: http, port: 80, path: '/a b'}]#init[0].path: \"/a b\" is not a URL path",
            "stopGrace: 99999d#stopGrace: 2399976h is over the maximum of 1h",
            "mounts: [{type: tmpfs, target: /t, size: 0}]#mounts[0].size: must be greater than zero",
            "mounts: [{type: tmpfs, target: /t, size: '0Mi'}]#mounts[0].size: must be greater than zero",
            "image: \"demo/busybox\\e]0;pwned\\a:latest\"#image: contains the control character U+001B at position 12",
            "workingDir: \"/srv\\e[2J\"#workingDir: contains the control character U+001B",
            "user: \"a\\tb\"#user: contains the control character U+0009",
            "labels: {a: \"x\\ey\"}#labels.a: contains the control character U+001B",
            "mounts: [\"/srv/a\\x07:/a\"]#mounts[0].source: contains the control character U+0007",
            "mounts: [{type: tmpfs, target: \"/t\\x9b\"}]#mounts[0].target: contains the control character U+009B",
            "env: {TOKEN: {value: \"xyz\\0\", secret: true}}#env.TOKEN: the value contains a NUL character at position 3",
            "env: [\"A=b\\0c\"]#env.A: the value contains a NUL character at position 1",
            "init: [{type: tcp, port: 80, host: \"h\\r\"}]#init[0].host: contains the control character U+000D",
    })
    void rejectsBadInput(String field, String expected)
    {
        String text = "name: a\nimage: busybox\n" + field.replace("\\n", "\n") + "\n";
        if (field.startsWith("name:") || field.startsWith("image:")) {
            text = (field.startsWith("name:") ? "image: busybox\n" : "name: a\n") + field + "\n";
        }
        String document = text;
        assertThatThrownBy(() -> SpecParser.parseService(document))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining(expected);
    }

    @Test
    void anEnvValueWithNulIsRefusedWithoutQuotingTheValue()
    {
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: b\nenv: {TOKEN: {value: \"s3cretval\\0\", secret: true}}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("env.TOKEN: the value contains a NUL character")
                .hasMessageNotContaining("s3cretval");
    }

    @Test
    void aStoredDocumentKeepsParsingUnderLimitsAddedSinceAndIsBoundedInstead()
    {
        String document = "name: a\nimage: b\nstopGrace: 99999d\nenv: {T: \"x\\0\"}\nlabels: {l: \"\\e\"}\n"
                + "mounts: [{type: tmpfs, target: /t, size: 0}]\n";
        assertThatThrownBy(() -> SpecParser.parseService(document)).hasMessageContaining("stopGrace");
        ServiceSpec stored = SpecParser.readStored(SpecParser.tree(document)).get(0);
        assertThat(stored.stopGrace()).isEqualTo(SpecDefaults.MAX_STOP_GRACE);
        assertThat(stored.mounts().get(0).sizeBytes()).isZero();
        // a problem of form still counts
        assertThatThrownBy(() -> SpecParser.readStored(SpecParser.tree("name: a\nimage: b\nbogus: 1\n")))
                .hasMessageContaining("unknown field 'bogus'");
        assertThat(SpecParser.parseService("name: a\nimage: b\nstopGrace: 1h\n").stopGrace()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void deploymentForms()
    {
        assertThat(SpecParser.parseDeployment("services:\n  a: {image: x}\n  b: {image: y, depends: [a]}\n"))
                .extracting(ServiceSpec::name).containsExactly("a", "b");
        assertThat(SpecParser.parseDeployment("services:\n  - {name: a, image: x}\n")).hasSize(1);
        assertThat(SpecParser.parseDeployment("- {name: a, image: x}\n- {name: b, image: x}\n")).hasSize(2);
        assertThat(SpecParser.parseDeployment("version: 1\nservices: {a: {image: x, name: a}}\n")).hasSize(1);
    }

    @Test
    void deploymentProblems()
    {
        assertThatThrownBy(() -> SpecParser.parseDeployment("- {name: a, image: x}\n- {name: a, image: y}\n"))
                .hasMessageContaining("service name \"a\" appears more than once");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services: {a: {image: x, name: b}}\n"))
                .hasMessageContaining("services.a.name: \"b\" differs from its key \"a\"");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services: 3\n")).hasMessageContaining("services: must be a list or a mapping");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services: []\n")).hasMessageContaining("no service is declared");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services: {a: {image: x}}\nextra: 1\n")).hasMessageContaining("extra: unknown top-level field");
        assertThatThrownBy(() -> SpecParser.parseDeployment("")).hasMessageContaining("the document is empty");
        assertThatThrownBy(() -> SpecParser.parseDeployment("name: [unclosed\n")).hasMessageContaining("not valid YAML or JSON at line");
        assertThatThrownBy(() -> SpecParser.parseDeployment("- 3\n")).hasMessageContaining("[0]: must be a mapping of fields");
        assertThatThrownBy(() -> SpecParser.parseService("- {name: a, image: x}\n- {name: b, image: x}\n")).hasMessageContaining("expected one service, found 2");
        assertThatThrownBy(() -> SpecParser.parseDeployment("x".repeat(SpecParser.MAX_DOCUMENT_CHARS + 1))).hasMessageContaining("over the limit");
    }

    @Test
    void cycleIsNamed()
    {
        assertThatThrownBy(() -> SpecParser.parseDeployment("""
                services:
                  a: {image: x, depends: [b]}
                  b: {image: x, depends: [c]}
                  c: {image: x, depends: [a]}
                """))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("dependency cycle a -> b -> c -> a");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services: {a: {image: x, depends: [a]}}"))
                .hasMessageContaining("dependency cycle a -> a");
    }

    @Test
    void restartShorthandAndGpuAll()
    {
        ServiceSpec spec = SpecParser.parseService("name: a\nimage: x\nrestart: unless-stopped\nresources: {gpu: {count: all, ids: []}}\n");
        assertThat(spec.restart().mode()).isEqualTo(RestartPolicy.Mode.UNLESS_STOPPED);
        assertThat(spec.resources().gpu().orElseThrow().count()).isEqualTo(GpuRequest.ALL);
        ServiceSpec ids = SpecParser.parseService("name: a\nimage: x\nresources: {gpu: {ids: [\"0\", \"1\"], sharing: time-slice, timeSliceIndex: 2}}\n");
        assertThat(ids.resources().gpu().orElseThrow().count()).isEqualTo(2);
        assertThat(ids.resources().gpu().orElseThrow().timeSliceIndex()).hasValue(2);
    }

    @Test
    void unquotedNoIsTheWordNotABoolean()
    {
        assertThat(SpecParser.parseService("name: a\nimage: x\nrestart: no\n").restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
        assertThat(SpecParser.parseService("name: a\nimage: x\nrestart: {policy: no}\n").restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
        // YAML 1.1's boolean words, words now, still mean what they did in fields that take them
        assertThat(SpecParser.parseService("name: a\nimage: x\nrestart: off\n").restart().mode()).isEqualTo(RestartPolicy.Mode.NO);
        assertThat(SpecParser.parseService("name: a\nimage: x\ntty: Yes\n").tty()).isTrue();
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: x\nrestart: yes\n"))
                .hasMessageContaining("restart: \"yes\" is not one of no|always|on-failure|unless-stopped");
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: x\nrestart: {policy: [no]}\n"))
                .hasMessageContaining("restart.policy: must be a single value");
    }

    @Test
    void yamlIsReadAsWrittenOrRefusedWhereYaml11WouldChangeIt()
    {
        ServiceSpec spec = SpecParser.parseService("name: a\nimage: x\nresources: {cpu: 0.50}\n"
                + "env: {DEBUG: yes, COUNTRY: NO, SWITCH: off, VERSION: 1.10, PORT: 8080, NEGATIVE: -3, ZERO: 0}\n"
                + "command: [yes, \"0644\"]\n");
        assertThat(spec.env()).isEqualTo(Map.of("DEBUG", "yes", "COUNTRY", "NO", "SWITCH", "off", "VERSION", "1.10", "PORT", "8080",
                "NEGATIVE", "-3", "ZERO", "0"));
        assertThat(spec.command()).containsExactly("yes", "0644");
        assertThat(spec.resources().cpuMillis()).isEqualTo(500);
        // other decimal forms are the number they always were; an emptied mapping is absent, not ""
        assertThat(SpecParser.parseService("name: a\nimage: x\nresources: {cpu: .5}\n").resources().cpuMillis()).isEqualTo(500);
        assertThat(SpecParser.parseService("name: a\nimage: x\nenv:\n  # MODE: prod\nlabels:\n").env()).isEmpty();
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage:\n")).hasMessageContaining("image: is required");

        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: x\nenv: {UMASK: 0022}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("0022 is read by YAML as the number 18: quote it (\"0022\")");
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: x\ncommand: [chmod, 0x1F, /f]\n"))
                .hasMessageContaining("0x1F is read by YAML as the number 31");
        assertThatThrownBy(() -> SpecParser.parseService("name: a\nimage: x\nreplicas: 1_000\n"))
                .hasMessageContaining("1_000 is read by YAML as the number 1000");
    }

    @Test
    void duplicateKeysSecondDocumentsAndAliasesAreRefusedNotDropped()
    {
        assertThatThrownBy(() -> SpecParser.parseDeployment("services:\n  web: {image: x:1}\n  web: {image: x:2}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("the key \"web\" appears twice");
        assertThatThrownBy(() -> SpecParser.parseDeployment("name: web\nimage: a\n---\nname: db\nimage: b\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("a second YAML document");
        assertThatThrownBy(() -> SpecParser.parseDeployment("services:\n  a: {image: &img reg/app:1}\n  b: {image: *img}\n"))
                .isInstanceOf(InvalidSpec.class)
                .hasMessageContaining("the YAML alias *img is not supported");
        assertThat(SpecParser.parseDeployment("---\nname: web\nimage: a\n")).extracting(ServiceSpec::name).containsExactly("web");
        assertThat(SpecParser.parseDeployment("name: web\nimage: a\n---\n")).as("a trailing, empty document").extracting(ServiceSpec::name)
                .containsExactly("web");
    }

    @Test
    void envAsListAndExplicitRuntimeLabel()
    {
        ServiceSpec spec = SpecParser.parseService("name: a\nimage: x\nenv: [A=1, B=two=2]\nlabels: {berth.runtime: hcs}\n");
        assertThat(spec.env()).isEqualTo(Map.of("A", "1", "B", "two=2"));
        assertThat(spec.explicitRuntime()).contains("hcs");
        ServiceSpec field = SpecParser.parseService("name: a\nimage: x\nruntime: wsl2\nlabels: {berth.runtime: hcs}\n");
        assertThat(field.explicitRuntime()).contains("wsl2");
    }

    @Test
    void ofBuildsAMinimalSpec()
    {
        ServiceSpec spec = ServiceSpec.of("hello", "busybox", List.of("echo", "hi"));
        assertThat(spec.args()).containsExactly("echo", "hi");
        assertThat(spec.replicas()).isEqualTo(1);
    }
}
