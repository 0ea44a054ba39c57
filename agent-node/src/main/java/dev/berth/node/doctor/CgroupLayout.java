package dev.berth.node.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The host's cgroup layout from {@code /proc/self/mountinfo}: v2 unified, v1 hybrid (v1 plus a v2 mount), or v1. */
public record CgroupLayout(String mode, List<String> v1Controllers, String v2Mount)
{
    public static CgroupLayout detect(Path mountinfo)
    {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        }
        catch (IOException e) {
            return new CgroupLayout("unknown (" + e.getMessage() + ")", List.of(), "");
        }
        return parse(lines);
    }

    static CgroupLayout parse(List<String> lines)
    {
        TreeSet<String> controllers = new TreeSet<>();
        String v2 = "";
        for (String line : lines) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            String mountPoint = left[4];
            if (right[0].equals("cgroup2")) {
                v2 = mountPoint;
            }
            else if (right[0].equals("cgroup")) {
                for (String option : right[2].split(",")) {
                    if (!option.equals("rw") && !option.equals("ro") && !option.startsWith("name=") && !option.contains("=")) {
                        controllers.add(option);
                    }
                }
            }
        }
        String mode;
        if (controllers.isEmpty() && !v2.isEmpty()) {
            mode = "v2 (unified)";
        }
        else if (!controllers.isEmpty() && !v2.isEmpty()) {
            mode = "v1 hybrid (v2 at " + v2 + ")";
        }
        else if (!controllers.isEmpty()) {
            mode = "v1 (legacy)";
        }
        else {
            mode = "none mounted";
        }
        return new CgroupLayout(mode, new ArrayList<>(controllers), v2);
    }
}
