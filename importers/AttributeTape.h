#pragma once
// The SAX events of one JSON value (a state instance's "attributes" object) recorded in one flat,
// reused buffer instead of a document. A state reader keeps little of an instance's attributes (the
// top-level scalars and the strings that may name another resource: compactInstance()), so building
// their document, node by node, only to drop most of it, was most of the allocations of an import.
//
// While recording, the tape notes whether the value can be read back as plain JSON in document order
// (plain()): no object repeats a key (a document keeps a repeated key's first place and last value) and
// no object could be one of Terraform's dynamic value wrappers ({"value": ..., "type": ...}, which
// unwrapDynamic() replaces by its value). Otherwise the reader builds the document (toJson()) and takes
// the document's path.

#include "Entities.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace terrain::tf {

/// Appends a size in 7-bit groups, the low ones first, each but the last with the high bit set: one byte
/// up to 127, two up to 16,383. The tapes of compacted instances are memory, so their sizes are small.
inline void appendSize(std::string& out, std::size_t n) {
    do {
        const auto low = static_cast<unsigned char>(n & 0x7f);
        n >>= 7;
        out += static_cast<char>(n != 0 ? low | 0x80 : low);
    } while (n != 0);
}

/// Reads a size that appendSize() wrote at `at`, and moves `at` past it.
inline std::size_t readSize(std::string_view bytes, std::size_t& at) {
    std::size_t n = 0;
    for (unsigned shift = 0;; shift += 7) {
        const auto b = static_cast<unsigned char>(bytes[at++]);
        n |= static_cast<std::size_t>(b & 0x7f) << shift;
        if ((b & 0x80) == 0)
            return n;
    }
}

class AttributeTape {
public:
    enum Tag : char {
        ObjectStart = '{',
        ObjectEnd = '}',
        ArrayStart = '[',
        ArrayEnd = ']',
        Key = 'k',
        String = 's',
        Integer = 'i',
        Unsigned = 'u',
        Float = 'f',
        True = 't',
        False = 'F',
        Null = 'n',
    };

    void clear();
    bool empty() const { return bytes_.empty(); }
    /// Readable without a document: see the top of this file.
    bool plain() const { return plain_; }
    /// The members of the outermost object.
    std::size_t topMembers() const { return topMembers_; }

    // ---- recording, in document order ----
    void startObject();
    void startArray();
    void end(); ///< of the innermost open object or array
    void key(std::string_view k);
    void string(std::string_view s);
    void integer(std::int64_t v);
    void unsignedInteger(std::uint64_t v);
    void floating(double v);
    void boolean(bool v);
    void null();
    /// Records a whole document, as its SAX events would.
    void record(const json& v);
    /// Open objects and arrays (0: the value is complete).
    std::size_t depth() const { return open_.size(); }

    /// The document of the recorded value, as json::parse would have built it.
    json toJson() const;
    /// The recording itself, for a Cursor to read later.
    const std::string& bytes() const { return bytes_; }

    /// Reads a tape from the start, one event at a time.
    class Cursor {
    public:
        explicit Cursor(const AttributeTape& t, std::size_t at = 0)
            : bytes_(t.bytes_)
            , at_(at) {}
        /// Reads bytes() of a tape kept elsewhere.
        explicit Cursor(std::string_view bytes, std::size_t at = 0)
            : bytes_(bytes)
            , at_(at) {}
        std::size_t position() const { return at_; }
        Tag peek() const { return static_cast<Tag>(bytes_[at_]); }
        /// Consumes a tag (start or end of a container, true, false, null).
        Tag next() { return static_cast<Tag>(bytes_[at_++]); }
        /// Consumes a key or a string (the tag included).
        std::string_view text();
        /// Consumes a scalar (the tag included) as JSON.
        json scalar();
        /// Consumes one whole value (a container with everything in it).
        void skipValue();
        /// Consumes one whole value as JSON, as toJson() reads it.
        json value();
        /// Consumes a scalar, recording it onto `out` as it is.
        void copyScalar(AttributeTape& out);
        /// The elements of the array or the members of the object that starts here (not consumed).
        std::size_t count() const;

    private:
        std::string_view bytes_;
        std::size_t at_;
        template <class T> T fixed();
        void stepOver(); ///< consumes one key or scalar
    };

private:
    struct Open {
        bool array = false;
        bool keysSorted = true;   ///< its keys so far are in strictly increasing order
        std::size_t members = 0;  ///< members or elements so far
        std::size_t firstKey = 0; ///< its keys in keys_ from here
        bool valueOrType = true;  ///< every key so far is "value" or "type"
    };
    std::string bytes_;
    bool plain_ = true;
    std::size_t topMembers_ = 0;
    std::vector<Open> open_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>
        keys_; ///< (offset, size) in bytes_ of open objects' keys

    void element(); ///< a value starts inside the innermost container
    void text(Tag tag, std::string_view s);
    template <class T> void fixed(Tag tag, T v);
};

} // namespace terrain::tf
