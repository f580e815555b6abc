package dev.weft.codec.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The header fields of a message: immutable, in the order received or added.
 *
 * <p>Names compare case-insensitively (RFC 9110 §5.1) and keep the spelling they were given, so
 * that a message is written back as it came. A name may occur several times; {@link #all}
 * returns its values in order, and {@link #tokens} reads them as one comma-separated list, which
 * RFC 9110 §5.3 says is equivalent.
 *
 * <p>Values are text whose characters stand for single octets (ISO-8859-1), as received on the
 * wire; a parser strips the optional whitespace around them.
 */
public final class HttpHeaders implements Iterable<HttpHeaders.Field> {

    private static final HttpHeaders EMPTY = new HttpHeaders(new Field[0]);

    private final Field[] fields;

    private HttpHeaders(Field[] fields) {
        this.fields = fields;
    }

    /**
     * One header field line: a name and a value.
     *
     * <p>A class, not a record, so that the parser, which has already checked every octet of the
     * line it read, can make one without a second pass over the same characters; a record's
     * every constructor would run the checks.
     */
    public static final class Field {
        private final String name;
        private final String value;

        /**
         * Checks the components and removes whitespace around the value.
         *
         * @param name  the field name, a token, in the spelling given
         * @param value the field value; whitespace around it is removed; may be empty
         * @throws IllegalArgumentException if {@code name} is not a token, or {@code value} holds
         *                                  CR, LF, NUL, another control character but HTAB, or a
         *                                  character above U+00FF that no single octet can carry
         */
        public Field(String name, String value) {
            if (!Syntax.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + Syntax.excerpt(String.valueOf(name)));
            }
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                if (!Syntax.isFieldChar(value.charAt(i))) {
                    // CR or LF here would let a value inject header lines (RFC 9110 §5.5).
                    throw new IllegalArgumentException("header " + name + " has a forbidden character U+"
                            + String.format("%04X", (int) value.charAt(i)) + " in its value");
                }
            }
            this.name = name;
            this.value = Syntax.trimOws(value);
        }

        /**
         * Takes components already checked as the public constructor would, without checking
         * again; {@code trusted} only tells this constructor from the public one.
         */
        private Field(String name, String value, boolean trusted) {
            this.name = name;
            this.value = value;
        }

        /**
         * Makes a field from a line the parser has checked: the name a token, the value field
         * characters without surrounding whitespace.
         */
        static Field parsed(String name, String value) {
            return new Field(name, value, true);
        }

        /**
         * Returns the field name.
         *
         * @return a token, in the spelling given
         */
        public String name() {
            return name;
        }

        /**
         * Returns the field value.
         *
         * @return the value without surrounding whitespace; may be empty
         */
        public String value() {
            return value;
        }

        /**
         * Compares name and value exactly, as a record would.
         *
         * @param o another object
         * @return whether {@code o} is a field of the same name and value
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Field f && f.name.equals(name) && f.value.equals(value);
        }

        /**
         * Returns a hash consistent with {@link #equals}.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return 31 * name.hashCode() + value.hashCode();
        }

        /**
         * Returns whether this field has the given name, ignoring case.
         *
         * @param other a field name
         * @return whether the names match
         */
        public boolean hasName(String other) {
            // Every lookup asks each field this. A name the parser shared and a constant asked
            // with are often the same string, and most names differ in length: both are
            // answered before comparing characters.
            return name == other || (other != null && name.length() == other.length() && name.equalsIgnoreCase(other));
        }

        /**
         * Returns the field as a header line without its line ending.
         *
         * @return such as {@code Upgrade: websocket}
         */
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /**
     * Returns headers with no fields.
     *
     * @return the empty headers
     */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * Returns a builder for new headers.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether {@code s} is an HTTP token (RFC 9110 §5.6.2): one or more of the characters
     * allowed in field names, methods, subprotocol names and the like.
     *
     * @param s the text to check, may be {@code null}
     * @return whether it is a non-empty token
     */
    public static boolean isToken(String s) {
        return Syntax.isToken(s);
    }

    /**
     * Returns whether {@code c} may appear in an HTTP token (RFC 9110 §5.6.2 {@code tchar}).
     *
     * @param c the character
     * @return whether it is a token character
     */
    public static boolean isTokenChar(char c) {
        return Syntax.isTchar(c);
    }

    /**
     * Returns the first value of a field.
     *
     * @param name the field name, any case
     * @return the first value, or {@code null} if the field is absent
     */
    public String first(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * Returns every value of a field, in order.
     *
     * @param name the field name, any case
     * @return the values, empty if the field is absent; unmodifiable
     */
    public List<String> all(String name) {
        String only = null;
        List<String> values = null;
        for (Field f : fields) {
            if (f.hasName(name)) {
                if (only == null) {
                    only = f.value();
                } else {
                    if (values == null) {
                        values = new ArrayList<>(4);
                        values.add(only);
                    }
                    values.add(f.value());
                }
            }
        }
        // One line or none is the usual case, and needs no list of its own.
        return values != null ? Collections.unmodifiableList(values) : only != null ? List.of(only) : List.of();
    }

    /**
     * Returns how many field lines have this name.
     *
     * @param name the field name, any case
     * @return the number of lines, 0 if absent
     */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.hasName(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Reads every value of a field as one comma-separated list (RFC 9110 §5.6.1): splits on
     * commas, trims each element and drops empty ones. Suits token lists such as
     * {@code Connection}, {@code Upgrade} and {@code Sec-WebSocket-Protocol}; it does not know
     * quoted strings, so a list that may hold them needs its own parser.
     *
     * @param name the field name, any case
     * @return the elements in order, empty if the field is absent; unmodifiable
     */
    public List<String> tokens(String name) {
        List<String> tokens = null;
        for (Field f : fields) {
            if (f.hasName(name)) {
                for (String element : f.value().split(",", -1)) {
                    String t = Syntax.trimOws(element);
                    if (!t.isEmpty()) {
                        if (tokens == null) {
                            tokens = new ArrayList<>(4);
                        }
                        tokens.add(t);
                    }
                }
            }
        }
        return tokens == null ? List.of() : Collections.unmodifiableList(tokens);
    }

    /**
     * Returns whether a field's list of {@link #tokens} contains a token, ignoring case, as in
     * {@code Connection: keep-alive, Upgrade}.
     *
     * @param name  the field name, any case
     * @param token the token to look for, any case
     * @return whether it is present
     */
    public boolean containsToken(String name, String token) {
        // Every handshake asks this several times: the elements are compared where they stand in
        // the value, not split out into strings first.
        for (Field f : fields) {
            if (f.hasName(name) && listContains(f.value(), token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a comma-separated list holds {@code token} as one of its trimmed elements, ignoring case. */
    private static boolean listContains(String list, String token) {
        int start = 0;
        while (true) {
            int comma = list.indexOf(',', start);
            int from = start;
            int to = comma < 0 ? list.length() : comma;
            while (from < to && Syntax.isWhitespace(list.charAt(from))) {
                from++;
            }
            while (to > from && Syntax.isWhitespace(list.charAt(to - 1))) {
                to--;
            }
            if (to > from && to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
    }

    /**
     * Returns whether a field is present.
     *
     * @param name the field name, any case
     * @return whether at least one line has that name
     */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /**
     * Returns the number of field lines.
     *
     * @return the count of all fields, repeated names included
     */
    public int size() {
        return fields.length;
    }

    /**
     * Returns whether there are no fields.
     *
     * @return whether {@link #size()} is 0
     */
    public boolean isEmpty() {
        return fields.length == 0;
    }

    /**
     * Returns one field line, by its place in the order: with {@link #size()}, a walk over the
     * fields that makes no list and no iterator.
     *
     * @param index the place, from 0 to {@code size() - 1}
     * @return the field
     * @throws IndexOutOfBoundsException if there is no field at {@code index}
     */
    public Field field(int index) {
        return fields[index];
    }

    /**
     * Returns the fields in order.
     *
     * @return an unmodifiable list of the fields
     */
    public List<Field> fields() {
        return List.of(fields);
    }

    /**
     * Iterates over the fields in order.
     *
     * @return an iterator that does not support removal
     */
    @Override
    public Iterator<Field> iterator() {
        return fields().iterator();
    }

    /**
     * Returns a builder holding these fields, to add more.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().addAll(this);
    }

    /** Returns how many bytes {@link #writeTo} writes: each field as a header line with its CRLF. */
    int encodedLength() {
        int n = 0;
        for (Field f : fields) {
            n += f.name().length() + 2 + f.value().length() + 2;
        }
        return n;
    }

    /**
     * Writes the fields as header lines, each ended by CRLF, one octet per character, into a
     * message head being written.
     *
     * @param out where the head goes, with room for {@link #encodedLength()} bytes at {@code at}
     * @param at  where the first line starts
     * @return where the next byte goes
     */
    int writeTo(byte[] out, int at) {
        for (Field f : fields) {
            at = HeadWriter.put(out, at, f.name());
            out[at++] = ':';
            out[at++] = ' ';
            at = HeadWriter.put(out, at, f.value());
            out[at++] = '\r';
            out[at++] = '\n';
        }
        return at;
    }

    /**
     * Compares fields in order: names ignoring case, values exactly.
     *
     * @param o another object
     * @return whether {@code o} holds the same fields in the same order
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpHeaders other) || other.fields.length != fields.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!fields[i].hasName(other.fields[i].name()) || !fields[i].value().equals(other.fields[i].value())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns a hash consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        int h = 1;
        for (Field f : fields) {
            h = 31 * h + f.name().toLowerCase(Locale.ROOT).hashCode();
            h = 31 * h + f.value().hashCode();
        }
        return h;
    }

    /**
     * Returns the fields as header lines, for logs.
     *
     * @return the lines joined by line feeds
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Field f : fields) {
            out.append(out.isEmpty() ? "" : "\n").append(f);
        }
        return out.toString();
    }

    /** Collects fields for new {@link HttpHeaders}. Not thread-safe. */
    public static final class Builder {
        /** The fields so far, in order, in {@code fields[0, size)}; eight hold most heads without growing. */
        private Field[] fields = new Field[8];
        private int size;

        private Builder() {
        }

        /**
         * Appends a field line; an existing field of the same name is kept.
         *
         * @param name  the field name, a token
         * @param value the value; whitespace around it is removed
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF,
         *                                  NUL or another forbidden character (see {@link Field})
         */
        public Builder add(String name, String value) {
            return add(new Field(name, value));
        }

        /**
         * Appends a field line made beforehand, such as one kept as a constant; an existing field
         * of the same name is kept.
         *
         * @param field the field, checked when it was made
         * @return this builder
         */
        public Builder add(Field field) {
            Objects.requireNonNull(field, "field");
            if (size == fields.length) {
                fields = Arrays.copyOf(fields, size * 2);
            }
            fields[size++] = field;
            return this;
        }

        /** Appends a field line the parser has checked (see {@link Field#parsed}). */
        Builder addParsed(String name, String value) {
            return add(Field.parsed(name, value));
        }

        /**
         * Appends every field of other headers.
         *
         * @param headers the fields to append, in their order
         * @return this builder
         */
        public Builder addAll(HttpHeaders headers) {
            for (Field f : headers.fields) {
                add(f);
            }
            return this;
        }

        /**
         * Removes every field with this name, then appends one.
         *
         * @param name  the field name, a token
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException as for {@link #add}
         */
        public Builder set(String name, String value) {
            Field f = new Field(name, value);
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (!fields[i].hasName(name)) {
                    fields[kept++] = fields[i];
                }
            }
            Arrays.fill(fields, kept, size, null);
            size = kept;
            return add(f);
        }

        /**
         * Returns the headers built so far; the builder may go on being used.
         *
         * @return immutable headers
         */
        public HttpHeaders build() {
            return size == 0 ? EMPTY : new HttpHeaders(Arrays.copyOf(fields, size));
        }
    }
}
