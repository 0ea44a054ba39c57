package dev.berth.youki.network;

/** The CNI operations berth uses (CNI spec, "Parameters": CNI_COMMAND). */
public enum CniCommand
{
    /** Attach the container to the network; prints a result. */
    ADD,
    /** Detach; must succeed when the resources are already gone. */
    DEL,
    /** Verify an attachment against the ADD result given as prevResult. */
    CHECK
}
