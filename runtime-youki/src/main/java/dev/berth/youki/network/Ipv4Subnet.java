package dev.berth.youki.network;

/**
 * An IPv4 network in CIDR form ({@code 10.253.0.0/16}), normalised so that host bits are zero.
 */
public record Ipv4Subnet(int network, int prefixLength)
{
    public Ipv4Subnet
    {
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 1..30 (a bridge needs room for a gateway and a container)");
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(formatAddress(network) + "/" + prefixLength + " has host bits set");
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Ipv4Subnet parse(String text)
    {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 CIDR such as 10.253.0.0/16");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(trimmed.substring(slash + 1));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has no numeric prefix length");
        }
        return new Ipv4Subnet(parseAddress(trimmed.substring(0, slash)), prefix);
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not a dotted-quad IPv4 address
     */
    public static int parseAddress(String text)
    {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        int address = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = part.isEmpty() || part.length() > 3 ? -1 : Integer.parseInt(part);
            }
            catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    public static String formatAddress(int address)
    {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    public boolean contains(int address)
    {
        return (address & mask(prefixLength)) == network;
    }

    public boolean overlaps(Ipv4Subnet other)
    {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    private static int mask(int prefixLength)
    {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString()
    {
        return formatAddress(network) + "/" + prefixLength;
    }
}
