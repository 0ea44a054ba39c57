package dev.berth.core.spec;

/**
 * Windows isolation. {@code AUTO} picks process isolation when the image's build equals the host's, Hyper-V
 * otherwise; {@code PROCESS} and {@code HYPERV} are explicit and imply a Windows workload.
 */
public enum Isolation
{
    AUTO,
    PROCESS,
    HYPERV
}
