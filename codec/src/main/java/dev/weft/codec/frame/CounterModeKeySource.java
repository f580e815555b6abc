package dev.weft.codec.frame;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The strong masking key source behind {@link MaskingKeySource#strong()}: keys are read from the
 * AES keystream in counter mode under a random key and counter, both drawn from
 * {@link SecureRandom} and drawn afresh every {@value #KEYS_PER_SEED} masking keys.
 *
 * <p>Why not read {@code SecureRandom} directly: the platform's default source costs microseconds
 * and allocates on every call, which a client would pay, spread thinly, on every frame it sends
 * (§5.3 wants a fresh key per frame). A block cipher's keystream under a secret random key is as
 * unpredictable to the peer, or to a script that chooses what the client sends (the threat of
 * §10.3), as the seed it was drawn from; it is the construction of NIST SP 800-90A's CTR_DRBG,
 * reseeded far more often than that standard requires. AES in counter mode is computed in place
 * into a buffer this source owns, so after its first seed it allocates nothing but the reseeds.
 *
 * <p>Not thread-safe: one per encoder, as each connection has.
 */
final class CounterModeKeySource implements MaskingKeySource {

    /** How many keys come from one seed; then a new AES key and counter are drawn. */
    static final int KEYS_PER_SEED = 1 << 24;

    /** Keystream bytes made per cipher call: 64 masking keys. */
    private static final int BLOCK = 256;

    private final SecureRandom seeds;
    private final int keysPerSeed;
    private final Cipher cipher;
    /** The counter-mode input: zeros, so the output is the keystream itself. */
    private final byte[] zeros = new byte[BLOCK];
    private final byte[] keystream = new byte[BLOCK];
    private int next = BLOCK;
    private int keysLeft;

    /** Creates a source seeded from a new {@link SecureRandom}. */
    CounterModeKeySource() {
        this(new SecureRandom(), KEYS_PER_SEED);
    }

    /**
     * Creates a source with its own seed source and reseed interval (for tests).
     *
     * @param seeds       where AES keys and counters come from
     * @param keysPerSeed how many masking keys to take from one seed, a multiple of 64
     */
    CounterModeKeySource(SecureRandom seeds, int keysPerSeed) {
        this.seeds = seeds;
        this.keysPerSeed = keysPerSeed;
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide AES; CTR comes with the JDK's own provider.
            throw new IllegalStateException("AES in counter mode is not available", e);
        }
        reseed();
    }

    @Override
    public int nextMaskingKey() {
        if (next == BLOCK) {
            refill();
        }
        int key = ((keystream[next] & 0xFF) << 24) | ((keystream[next + 1] & 0xFF) << 16)
                | ((keystream[next + 2] & 0xFF) << 8) | (keystream[next + 3] & 0xFF);
        next += 4;
        return key;
    }

    private void refill() {
        if (keysLeft == 0) {
            reseed();
        }
        try {
            cipher.update(zeros, 0, BLOCK, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the keystream buffer is too short", e);
        }
        next = 0;
        keysLeft -= BLOCK / 4;
    }

    private void reseed() {
        byte[] key = new byte[16];
        byte[] counter = new byte[16];
        seeds.nextBytes(key);
        seeds.nextBytes(counter);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES in counter mode refused a fresh key", e);
        }
        keysLeft = keysPerSeed;
    }
}
