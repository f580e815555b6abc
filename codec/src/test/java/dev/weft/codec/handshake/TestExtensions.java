package dev.weft.codec.handshake;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.extension.MessageTransform;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tiny extension for negotiation tests: it changes no message and claims the given RSV bits. */
final class TestExtensions {
    private TestExtensions() {
    }

    record TestExtension(ExtensionOffer agreed, int rsvBits) implements Extension {
        @Override
        public String name() {
            return agreed.name();
        }

        @Override
        public MessageTransform inbound() {
            return MessageTransform.IDENTITY;
        }

        @Override
        public MessageTransform outbound() {
            return MessageTransform.IDENTITY;
        }
    }

    /**
     * Server side: accepts the first offer without a {@code refuse} parameter, echoing it. Client
     * side: offers what it was given, and accepts any answer without a {@code bad} parameter.
     */
    static ExtensionFactory factory(String name, int rsvBits, List<ExtensionOffer> offers) {
        return new ExtensionFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Extension> accept(List<ExtensionOffer> candidates) {
                return candidates.stream()
                        .filter(o -> !o.parameters().containsKey("refuse"))
                        .findFirst()
                        .map(o -> new TestExtension(o, rsvBits));
            }

            @Override
            public List<ExtensionOffer> offers() {
                return offers;
            }

            @Override
            public Extension accepted(ExtensionOffer agreed) {
                if (agreed.parameters().containsKey("bad")) {
                    throw new IllegalArgumentException("parameter bad is not supported");
                }
                return new TestExtension(agreed, rsvBits);
            }
        };
    }

    static ExtensionFactory factory(String name, int rsvBits) {
        return factory(name, rsvBits, List.of(ExtensionOffer.of(name)));
    }

    static ExtensionOffer offer(String name, String key, String value) {
        return new ExtensionOffer(name, Map.of(key, value));
    }
}
