package dev.weft.client;

import dev.weft.codec.testkit.LibraryArtifactKit;

/** The {@link LibraryArtifactKit} on the client library: what an application that embeds it gets. */
class LibraryArtifactTest extends LibraryArtifactKit {
    LibraryArtifactTest() {
        super("dev.weft.client");
    }
}
