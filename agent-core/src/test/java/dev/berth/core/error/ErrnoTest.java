package dev.berth.core.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoTest
{
    @Test
    void fromExceptionTypes()
    {
        assertThat(Errno.of(new AccessDeniedException("/x"))).hasValue(Errno.EACCES);
        assertThat(Errno.of(new FileAlreadyExistsException("/x"))).hasValue(Errno.EEXIST);
        assertThat(Errno.of(new DirectoryNotEmptyException("/x"))).hasValue(Errno.ENOTEMPTY);
        assertThat(Errno.of(new NotDirectoryException("/x"))).hasValue(Errno.ENOTDIR);
        assertThat(Errno.of(new FileSystemLoopException("/x"))).hasValue(Errno.ELOOP);
        assertThat(Errno.of(new NotLinkException("/x"))).hasValue(Errno.EINVAL);
    }

    @Test
    void fromStrerrorText()
    {
        assertThat(Errno.of(new FileSystemException("/x", null, "Read-only file system"))).hasValue(Errno.EROFS);
        assertThat(Errno.of(new IOException("write failed: No space left on device"))).hasValue(Errno.ENOSPC);
        assertThat(Errno.fromStrerror("mount: Operation not permitted")).hasValue(Errno.EPERM);
        assertThat(Errno.fromStrerror("Connection refused")).hasValue(Errno.ECONNREFUSED);
        assertThat(Errno.fromStrerror("all good")).isEmpty();
    }

    @Test
    void nothingFromPlainExceptions()
    {
        assertThat(Errno.of(new IllegalStateException("No such file or directory"))).isEmpty();
        assertThat(Errno.of(new FileSystemException("/x"))).isEmpty();
        assertThat(Errno.of(null)).isEmpty();
    }

    @Test
    void agentErrorInTheChainGivesItsErrno()
    {
        CreateFailed inner = new CreateFailed("a", "b", null, Errno.EBUSY);
        assertThat(Errno.of(new RuntimeException(inner))).hasValue(Errno.EBUSY);
    }
}
