package org.chaekieum.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (0600; a directory 0700): private keys, passwords, configuration that holds a
 * password. A file is written to a temporary file that has these permissions from its creation and then moved into
 * place, so it is never readable by others, not even for a moment, and a reader never sees half of it.
 */
final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Writes (or replaces) {@code file} with {@code text}, readable by its owner only. */
    static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temporary = POSIX
                    ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temporary, content);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Creates {@code dir} (and its parents) if needed; a directory created here is its owner's only (0700). */
    static Path directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                FileAttribute<?>[] attributes = POSIX
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY)}
                        : new FileAttribute<?>[0];
                Files.createDirectory(dir, attributes);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    /** Whether nobody but the owner may read or write {@code file} (always true where POSIX permissions do not exist). */
    static boolean isPrivate(Path file) {
        if (!POSIX) {
            return true;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.stream().allMatch(p -> p == PosixFilePermission.OWNER_READ
                    || p == PosixFilePermission.OWNER_WRITE || p == PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
