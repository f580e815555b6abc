package dev.weft.server;

import dev.weft.codec.testkit.LibraryArtifactKit;

/** The {@link LibraryArtifactKit} on the server library: what an application that embeds it gets. */
class LibraryArtifactTest extends LibraryArtifactKit {
    LibraryArtifactTest() {
        super("dev.weft.server");
    }
}
