package org.chaekieum.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A file of secrets that only its owner can ever read: the local run's secrets and the kiosk accounts. */
final class OwnerOnlyFile {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {
    }

    /**
     * Writes the file so that only its owner can ever read it: an earlier one (or a link of that name) is removed, the
     * new one is created empty with owner-only permissions, and only then written. Nothing is ever written into a file
     * that already existed, which others might have been able to read.
     */
    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(file, OWNER_ONLY); // the umask may only have taken more away
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
            File plain = file.toFile();
            boolean restricted = plain.setReadable(false, false) && plain.setReadable(true, true)
                    && plain.setWritable(false, false) && plain.setWritable(true, true);
            if (!restricted) {
                throw new IOException("could not restrict " + file + " to its owner");
            }
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
