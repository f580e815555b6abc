package dev.weft.benchmarks;

import dev.weft.codec.frame.Role;

/**
 * Which way frames travel in a framing benchmark, named as the {@code direction} parameter spells
 * it. The direction decides masking (RFC 6455 §5.1): a client masks everything it sends, a server
 * nothing, so the two directions exercise different code.
 */
enum Direction {
    /** Masked frames: encoded as a client does, decoded as a server does. */
    CLIENT_TO_SERVER("client-to-server", Role.CLIENT),
    /** Unmasked frames: encoded as a server does, decoded as a client does. */
    SERVER_TO_CLIENT("server-to-client", Role.SERVER);

    private final String parameter;
    private final Role sender;

    Direction(String parameter, Role sender) {
        this.parameter = parameter;
        this.sender = sender;
    }

    /**
     * Returns the direction a {@code direction} parameter names.
     *
     * @param parameter {@code client-to-server} or {@code server-to-client}
     * @return the direction
     * @throws IllegalArgumentException for any other value
     */
    static Direction of(String parameter) {
        for (Direction d : values()) {
            if (d.parameter.equals(parameter)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction: " + parameter);
    }

    /**
     * Returns whether frames going this way are masked.
     *
     * @return whether frames going this way are masked
     */
    boolean masked() {
        return sender.masksOutgoing();
    }

    /**
     * Returns the end that encodes the frames.
     *
     * @return the end that encodes the frames
     */
    Role sender() {
        return sender;
    }

    /**
     * Returns the end that decodes the frames.
     *
     * @return the end that decodes the frames
     */
    Role receiver() {
        return sender == Role.CLIENT ? Role.SERVER : Role.CLIENT;
    }

    @Override
    public String toString() {
        return parameter;
    }
}
