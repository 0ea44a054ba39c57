package dev.berth.hcs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.berth.hcs.binding.HcsLibraries;
import dev.berth.core.testing.Requirements;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The test-only controls of the C stub (src/test/c/hcsstub.c, built by the pom into target/native). The stub is one
 * process-wide library, so tests using it reset it first and do not run in parallel.
 */
public final class HcsStub
{
    public static final int ALLOCATED = 0;
    public static final int FREED = 1;
    public static final int BAD_FREES = 2;
    public static final int LIVE_OPERATIONS = 3;
    public static final int LIVE_SYSTEM_HANDLES = 4;
    public static final int LIVE_PROCESSES = 5;
    public static final int LIVE_PIPES = 6;
    public static final int CLOSED_PENDING = 7;
    public static final int CANCELS = 8;
    public static final int SYSTEMS = 9;
    public static final int BAD_HANDLES = 10;
    public static final int WAITS_AFTER_TIMEOUT = 11;
    public static final int SYNC_READS = 12;
    public static final int LIVE_EVENTS = 13;
    public static final int LAYERS_ACTIVE = 14;
    public static final int LAYER_ORDER_VIOLATIONS = 15;

    /** The stub's test-only exports. */
    public interface Controls
            extends Library
    {
        void stub_reset();

        void stub_script(String function, int hresult, String document, int hang);

        int stub_record_count();

        String stub_record(int index);

        int stub_fire_event(String id, int type, String data);

        int stub_exit_processes(String id, int exitCode);

        void stub_spurious_process_waits(int count);

        int stub_counter(int which);
    }

    private final String path;
    private final Controls controls;

    private HcsStub(String path)
    {
        this.path = path;
        // UTF-8 for the test-only char* controls; the HCS functions themselves take UTF-16 through Utf16
        this.controls = Native.load(path, Controls.class, java.util.Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    }

    /** Loads the stub, skipping (laptop) or failing (CI) when it was not built. */
    public static HcsStub load()
    {
        String path = System.getProperty("berth.hcs.stub", "target/native/libhcsstub.so");
        // a Linux stand-in: on Windows the real DLLs are there and NanoserverWindowsTest covers them
        Assumptions.assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "the HCS C stub is built for Linux only");
        Requirements.require(Files.isRegularFile(Path.of(path)), "the HCS C stub built at " + path + " (gcc, mvn test)");
        HcsStub stub = new HcsStub(Path.of(path).toAbsolutePath().toString());
        stub.controls.stub_reset();
        return stub;
    }

    public String path()
    {
        return path;
    }

    public HcsLibraries libraries()
    {
        return HcsLibraries.load(Optional.of(path));
    }

    public Controls controls()
    {
        return controls;
    }

    public int counter(int which)
    {
        return controls.stub_counter(which);
    }

    /** Every call the stub recorded, as {@code Function\tsubject\tdocument}. */
    public List<String> records()
    {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < controls.stub_record_count(); i++) {
            records.add(controls.stub_record(i));
        }
        return records;
    }

    /** The documents recorded for {@code function}, in order. */
    public List<String> documents(String function)
    {
        return records().stream().filter(line -> line.startsWith(function + "\t")).map(line -> line.split("\t", 3)[2]).toList();
    }

    public void script(String function, int hresult, String document)
    {
        controls.stub_script(function, hresult, document, 0);
    }

    public void hang(String function)
    {
        controls.stub_script(function, 0, null, 1);
    }
}
