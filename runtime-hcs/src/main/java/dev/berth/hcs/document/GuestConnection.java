package dev.berth.hcs.document;

/**
 * {@code GuestConnection} (schema2/guest_connection.go), empty: HCS makes its own connection to the utility VM's guest,
 * which a container hosted through {@code HostingSystemId} needs (hcsshim set it so whenever it used no external guest
 * connection: {@code internal/uvm/create_wcow.go}, commit a79b6216).
 */
public record GuestConnection()
{
}
