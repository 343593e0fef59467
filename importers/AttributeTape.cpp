#include "AttributeTape.h"

#include <cstring>

namespace terrain::tf {

void AttributeTape::clear() {
    bytes_.clear();
    plain_ = true;
    topMembers_ = 0;
    open_.clear();
    keys_.clear();
}

template <class T> void AttributeTape::fixed(Tag tag, T v) {
    element();
    char b[1 + sizeof(T)];
    b[0] = tag;
    std::memcpy(b + 1, &v, sizeof(T));
    bytes_.append(b, sizeof b);
}

// A key or a string: its tag, its size (appendSize()), then its bytes.
void AttributeTape::text(Tag tag, std::string_view s) {
    bytes_ += tag;
    appendSize(bytes_, s.size());
    bytes_.append(s);
}

void AttributeTape::element() {
    if (!open_.empty() && open_.back().array)
        ++open_.back().members;
}

void AttributeTape::startObject() {
    element();
    bytes_ += ObjectStart;
    open_.push_back({false, true, 0, keys_.size(), true});
}

void AttributeTape::startArray() {
    element();
    bytes_ += ArrayStart;
    open_.push_back({true, true, 0, keys_.size(), true});
}

void AttributeTape::end() {
    const Open o = open_.back();
    open_.pop_back();
    if (o.array) {
        bytes_ += ArrayEnd;
        return;
    }
    bytes_ += ObjectEnd;
    // Two distinct keys, each "value" or "type": it may be a dynamic value wrapper.
    if (o.members == 2 && o.valueOrType)
        plain_ = false;
    keys_.resize(o.firstKey);
    if (open_.empty())
        topMembers_ = o.members;
}

void AttributeTape::key(std::string_view k) {
    Open& o = open_.back();
    ++o.members;
    if (k != "value" && k != "type")
        o.valueOrType = false;
    auto keyAt = [&](std::size_t i) {
        return std::string_view(bytes_).substr(keys_[i].first, keys_[i].second);
    };
    // Terraform writes keys sorted, so a key after a smaller one is new; otherwise compare it with all.
    if (o.keysSorted && keys_.size() > o.firstKey && !(keyAt(keys_.size() - 1) < k))
        o.keysSorted = false;
    if (!o.keysSorted)
        for (std::size_t i = o.firstKey; i < keys_.size(); ++i)
            if (keyAt(i) == k)
                plain_ = false;
    text(Key, k);
    keys_.emplace_back(static_cast<std::uint32_t>(bytes_.size() - k.size()),
                       static_cast<std::uint32_t>(k.size()));
}

void AttributeTape::string(std::string_view s) {
    element();
    text(String, s);
}
void AttributeTape::integer(std::int64_t v) {
    fixed(Integer, v);
}
void AttributeTape::unsignedInteger(std::uint64_t v) {
    fixed(Unsigned, v);
}
void AttributeTape::floating(double v) {
    fixed(Float, v);
}
void AttributeTape::boolean(bool v) {
    element();
    bytes_ += v ? True : False;
}
void AttributeTape::null() {
    element();
    bytes_ += Null;
}

void AttributeTape::record(const json& v) {
    switch (v.type()) {
    case json::value_t::object:
        startObject();
        for (auto it = v.begin(); it != v.end(); ++it) {
            key(it.key());
            record(it.value());
        }
        end();
        return;
    case json::value_t::array:
        startArray();
        for (const auto& e : v)
            record(e);
        end();
        return;
    case json::value_t::string:
        string(v.get_ref<const std::string&>());
        return;
    case json::value_t::number_integer:
        integer(v.get<std::int64_t>());
        return;
    case json::value_t::number_unsigned:
        unsignedInteger(v.get<std::uint64_t>());
        return;
    case json::value_t::number_float:
        floating(v.get<double>());
        return;
    case json::value_t::boolean:
        boolean(v.get<bool>());
        return;
    default:
        null();
        return;
    }
}

// ---- reading ----

template <class T> T AttributeTape::Cursor::fixed() {
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
}

std::string_view AttributeTape::Cursor::text() {
    ++at_; // the tag
    const std::size_t n = readSize(bytes_, at_);
    const std::string_view s(bytes_.data() + at_, n);
    at_ += n;
    return s;
}

json AttributeTape::Cursor::scalar() {
    switch (peek()) {
    case String:
        return json(std::string(text()));
    case Integer:
        ++at_;
        return json(fixed<std::int64_t>());
    case Unsigned:
        ++at_;
        return json(fixed<std::uint64_t>());
    case Float:
        ++at_;
        return json(fixed<double>());
    case True:
        ++at_;
        return json(true);
    case False:
        ++at_;
        return json(false);
    default:
        ++at_;
        return json(nullptr);
    }
}

void AttributeTape::Cursor::stepOver() {
    switch (peek()) {
    case Key:
    case String:
        text();
        break;
    case Integer:
    case Unsigned:
    case Float:
        at_ += 9;
        break;
    default:
        ++at_;
    }
}

void AttributeTape::Cursor::skipValue() {
    std::size_t depth = 0;
    do {
        switch (peek()) {
        case ObjectStart:
        case ArrayStart:
            ++depth;
            ++at_;
            break;
        case ObjectEnd:
        case ArrayEnd:
            --depth;
            ++at_;
            break;
        default:
            stepOver();
        }
    } while (depth > 0);
}

void AttributeTape::Cursor::copyScalar(AttributeTape& out) {
    const std::size_t from = at_;
    stepOver();
    out.element();
    out.bytes_.append(bytes_.substr(from, at_ - from));
}

std::size_t AttributeTape::Cursor::count() const {
    Cursor c(*this);
    const bool object = c.next() == ObjectStart;
    std::size_t n = 0;
    while (c.peek() != ObjectEnd && c.peek() != ArrayEnd) {
        if (object)
            c.text();
        c.skipValue();
        ++n;
    }
    return n;
}

namespace {

json readValue(AttributeTape::Cursor& c) {
    switch (c.peek()) {
    case AttributeTape::ObjectStart: {
        c.next();
        json o = json::object();
        while (c.peek() != AttributeTape::ObjectEnd) {
            const std::string k(c.text());
            json v = readValue(c);
            o[k] = std::move(v); // a repeated key keeps its first place and takes the last value
        }
        c.next();
        return o;
    }
    case AttributeTape::ArrayStart: {
        c.next();
        json a = json::array();
        while (c.peek() != AttributeTape::ArrayEnd)
            a.push_back(readValue(c));
        c.next();
        return a;
    }
    default:
        return c.scalar();
    }
}

} // namespace

json AttributeTape::toJson() const {
    Cursor c(*this);
    return readValue(c);
}

json AttributeTape::Cursor::value() {
    return readValue(*this);
}

} // namespace terrain::tf
