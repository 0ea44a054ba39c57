package dev.berth.wsl2.distro;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Streams an unpacked layer directory as a tar, keeping what a root filesystem needs: modes, owners, symbolic
 * links and character devices (overlay whiteouts are 0:0 character devices). Where the agent's file system has
 * no POSIX attributes (NTFS), directories get 0755 and files 0644.
 */
final class LayerTar
{
    private LayerTar() {}

    static void write(Path layer, OutputStream output) throws IOException
    {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(output);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(layer)) {
            paths = walk.filter(path -> !path.equals(layer)).sorted().toList();
        }
        for (Path path : paths) {
            String name = layer.relativize(path).toString().replace('\\', '/');
            TarArchiveEntry entry;
            boolean regular = false;
            if (Files.isSymbolicLink(path)) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(path).toString().replace('\\', '/'));
            }
            else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            }
            else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(path));
                regular = true;
            }
            else {
                Integer mode = unix(path, "mode");
                if (mode == null || (mode & 0170000) != 0020000) {
                    continue; // sockets and fifos do not belong in an image
                }
                entry = new TarArchiveEntry(name, TarConstants.LF_CHR);
                long rdev = ((Number) Files.getAttribute(path, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
                entry.setDevMajor((int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL)));
                entry.setDevMinor((int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL)));
            }
            Integer mode = unix(path, "mode");
            entry.setMode(mode != null ? mode & 07777 : entry.isDirectory() ? 0755 : regular ? 0644 : 0777);
            Integer uid = unix(path, "uid");
            Integer gid = unix(path, "gid");
            entry.setUserId(uid == null ? 0 : uid);
            entry.setGroupId(gid == null ? 0 : gid);
            entry.setModTime(((FileTime) Files.getAttribute(path, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS)).toMillis());
            tar.putArchiveEntry(entry);
            if (regular) {
                Files.copy(path, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    private static Integer unix(Path path, String attribute)
    {
        try {
            return (Integer) Files.getAttribute(path, "unix:" + attribute, LinkOption.NOFOLLOW_LINKS);
        }
        catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
