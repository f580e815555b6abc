/**
 * The frame layer of RFC 6455 (§5, §7.4, §8.1).
 *
 * <p>Reading is split in three, each usable alone:
 * <ol>
 *   <li>{@link dev.weft.codec.frame.FrameReader} knows only the §5.2 bit layout. It is a resumable
 *       state machine that accepts input split anywhere, unmasks payloads in place and hands
 *       them on as windows of the caller's buffer.</li>
 *   <li>{@link dev.weft.codec.frame.FrameDecoder} enforces the protocol's rules on those frames:
 *       opcodes, RSV bits, control frames, masking direction, fragmentation, limits, close payloads
 *       and UTF-8 in text. A violation becomes a {@link dev.weft.codec.frame.FailConnectionException}
 *       carrying the close code to send.</li>
 *   <li>{@link dev.weft.codec.frame.MessageAssembler} turns valid frames into whole messages, or,
 *       in streaming mode, hands fragments on without buffering them.</li>
 * </ol>
 *
 * <p>Writing is done by {@link dev.weft.codec.frame.FrameEncoder}, which uses the minimal length
 * encoding, masks client frames with a fresh key, and can write a header apart from its payload
 * for gathering writes.
 *
 * <h2>Buffers</h2>
 * Unless a method says otherwise, the codec never keeps a reference to a buffer it is given
 * beyond the call, and a buffer it hands to a listener is valid only during that callback.
 */
package dev.weft.codec.frame;
