package dev.sferum.sdk.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the machine is and how busy it was: CPU model, cores, load average, and CPU time stolen by neighbours. */
final class Machine {
    private Machine() {
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /** {@return the 1-minute load average, or -1} */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine-wide CPU counters of {@code /proc/stat}.
     *
     * @param busy ticks spent running anything
     * @param steal ticks the hypervisor gave to other guests while we wanted to run
     * @param total all ticks
     */
    record CpuTicks(long busy, long steal, long total) {
        static CpuTicks now() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
                String[] f = lines.get(0).trim().split("\\s+");
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]);
                long iowait = Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                long busy = user + nice + system + irq + softirq;
                return new CpuTicks(busy, steal, busy + idle + iowait + steal);
            } catch (IOException | RuntimeException e) {
                return new CpuTicks(0, 0, 0);
            }
        }

        String since(CpuTicks start) {
            long t = total - start.total;
            if (t <= 0) {
                return "unknown";
            }
            return String.format(java.util.Locale.ROOT, "%.0f%% busy, %.1f%% stolen by other guests",
                    100.0 * (busy - start.busy) / t, 100.0 * (steal - start.steal) / t);
        }
    }
}
