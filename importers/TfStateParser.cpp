#include "TfStateParser.h"

#include "AsciiChars.h"
#include "AttributeTape.h"
#include "Error.h"
#include "HugePages.h"
#include "StreamedJson.h"
#include "TerraformCommon.h"

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

namespace terrain {

using namespace tf;

namespace {

bool plainResourceName(const std::string& s) {
    if (s.empty() || s.size() > 512)
        return false;
    for (char c : s)
        if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' || isAsciiSpace(c))
            return false;
    return true;
}

std::string checkedName(const std::string& file, const json& obj, const std::string& ptr, const char* key) {
    std::string v = reqString(file, obj, ptr, key);
    if (!plainResourceName(v))
        throw Error(file, jsonPointer(ptr, key),
                    std::string("expected a resource ") + key + " (letters, digits, '_' and '-'), found \"" +
                        v.substr(0, 64) + "\"");
    return v;
}

// A cty path step list:
// [{"type":"get_attr","value":"password"},{"type":"index","value":{"value":0,"type":"number"}}]
Path sensitivePath(const std::string& file, const json& steps, const std::string& ptr) {
    if (!steps.is_array())
        fail(file, ptr, "an array of path steps", &steps);
    Path p;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const json& st = steps[k];
        const std::string sp = jsonPointer(ptr, k);
        if (!st.is_object())
            fail(file, sp, "a path step object", &st);
        const std::string type = optString(file, st, sp, "type");
        const auto v = st.find("value");
        if (type == "get_attr" && v != st.end() && v->is_string()) {
            p.push_back(v->get<std::string>());
            continue;
        }
        if (type == "index" && v != st.end()) {
            const json& key = v->is_object() && v->contains("value") ? (*v)["value"] : *v;
            if (key.is_string()) {
                p.push_back(key.get<std::string>());
                continue;
            }
            if (key.is_number_integer() || key.is_number_unsigned()) {
                p.push_back(key.dump());
                continue;
            }
        }
        break; // an unknown step: everything below what we understood counts as sensitive
    }
    return p;
}

std::string moduleOf(const std::string& file, const json& r, const std::string& ptr) {
    std::string module = optString(file, r, ptr, "module");
    if (!module.empty() && !parseModulePath(module))
        throw Error(file, jsonPointer(ptr, "module"),
                    "expected a module address such as module.app or module.app[\"api\"], found \"" +
                        module.substr(0, 80) + "\"");
    return module;
}

struct ResourceHead {
    std::string module, mode, type, name, provider;
};

// The checks and fields of a version 4 resource, in the order they are checked. `instancesRead`: its
// "instances" array was read already (streamed), so only a missing or mistyped one is left to report.
ResourceHead readResourceHead(const std::string& file, const json& r, const std::string& ptr,
                              bool instancesRead) {
    ResourceHead h;
    h.module = moduleOf(file, r, ptr);
    h.mode = optString(file, r, ptr, "mode");
    if (!h.mode.empty() && h.mode != "managed" && h.mode != "data")
        throw Error(file, jsonPointer(ptr, "mode"),
                    "expected \"managed\" or \"data\", found \"" + h.mode.substr(0, 40) + "\"");
    h.type = checkedName(file, r, ptr, "type");
    h.name = checkedName(file, r, ptr, "name");
    h.provider = providerShortName(optString(file, r, ptr, "provider"), h.type);
    if (!instancesRead)
        req(file, r, ptr, "instances", JType::Array);
    return h;
}

// A version 4 resource instance object, without what comes from its resource.
Instance readInstance(const std::string& file, json& o, const std::string& iptr) {
    Instance in;
    if (const json* key = opt(file, o, iptr, "index_key", JType::Scalar)) {
        if (key->is_boolean())
            fail(file, jsonPointer(iptr, "index_key"), "a number or a string", key);
        in.index = indexText(*key);
    }
    in.tainted = optString(file, o, iptr, "status") == "tainted";
    in.deposedObject = !optString(file, o, iptr, "deposed").empty();
    if (const json* a = opt(file, o, iptr, "attributes", JType::Object)) {
        // The object is ours: move the values instead of copying them.
        in.attributes = unwrapDynamic(std::move(const_cast<json&>(*a)));
    } else if (const json* flat = opt(file, o, iptr, "attributes_flat", JType::Object)) {
        in.flat = true;
        for (auto it = flat->begin(); it != flat->end(); ++it) {
            if (!it.value().is_string())
                fail(file, jsonPointer(jsonPointer(iptr, "attributes_flat"), it.key()),
                     "a string (flatmap value)", &it.value());
            in.attributes[it.key()] = it.value();
        }
    }
    if (const json* sens = opt(file, o, iptr, "sensitive_attributes", JType::Array)) {
        const std::string sptr = jsonPointer(iptr, "sensitive_attributes");
        for (std::size_t k = 0; k < sens->size(); ++k)
            in.sensitive.push_back(sensitivePath(file, (*sens)[k], jsonPointer(sptr, k)));
    }
    for (auto& dep : optStrings(file, o, iptr, "dependencies"))
        in.refs.push_back({std::move(dep), "", "dependencies", "depends-on", true});
    for (auto& dep : optStrings(file, o, iptr, "depends_on"))
        in.refs.push_back({std::move(dep), "", "depends_on", "depends-on", true});
    return in;
}

// A stand-in of a value's JSON type, for "expected ..., found <type>" messages.
json typeSample(json::value_t t) {
    return t == json::value_t::array ? json::array() : json::object();
}

/// Reads a state as a stream of SAX events (json::sax_parse) instead of a document: the root's few
/// scalars, version 3 "modules" (small, legacy) and each field the importer reads are captured as JSON
/// values; the "resources" array of version 4 is read one instance at a time, each instance checked,
/// compacted (compactInstance) and kept in the Build, and everything else (private blobs, outputs,
/// schema versions, ...) is skipped. Memory stays near one instance plus what the map keeps.
///
/// Errors are the document parser's, in the same order: JSON syntax first (the parse goes on to the end
/// of the text after a structural error), then the root's checks, then the first resource that fails,
/// its own fields before its instances'. The version is known only at the end, so resources are read
/// as version 4 whatever it is, and dropped for version 3.
class StateReader {
public:
    StateReader(const std::string& file, Build& b)
        : file_(file)
        , b_(b) {}
    /// A reader of the second part of a state read on two threads: the text starts inside the root
    /// object's "resources" array, with a resource. Once `stop` is set, it stops at the end of a resource.
    StateReader(const std::string& file, Build& b, const std::atomic<bool>& stop)
        : file_(file)
        , b_(b)
        , stop_(&stop) {
        rootIsObject = true;
        frames_.push_back({Role::Root, "resources", 0, "", {}, false, {}, {}});
        frames_.push_back({Role::Resources, {}, 0, "/resources", {}, false, {}, {}});
        depth_ = 2;
    }

    json root = json::object(); ///< the captured root members
    bool rootIsObject = false;
    json rootSample;                 ///< the root when it is not an object (its type)
    std::optional<Error> firstError; ///< the first error of a version 4 resource

    // ---- SAX events ----
    // An instance's attributes object goes to the tape; a skipped value is not made a json first (and a
    // string is copied, not moved, so that the parser keeps its buffer).
    bool null() { return taping() ? (tape_.null(), true) : scalar(json(nullptr)); }
    bool boolean(bool v) { return taping() ? (tape_.boolean(v), true) : scalar(json(v)); }
    bool number_integer(json::number_integer_t v) {
        return taping() ? (tape_.integer(v), true) : scalar(json(v));
    }
    bool number_unsigned(json::number_unsigned_t v) {
        return taping() ? (tape_.unsignedInteger(v), true) : scalar(json(v));
    }
    bool number_float(json::number_float_t v, const std::string&) {
        return taping() ? (tape_.floating(v), true) : scalar(json(v));
    }
    bool string(std::string& v) {
        if (taping())
            tape_.string(v);
        else if (!skipping())
            scalar(json(v));
        return true;
    }
    bool binary(json::binary_t&) { return scalar(json(nullptr)); }
    bool start_object(std::size_t) {
        deeper();
        return taping() ? (tape_.startObject(), true) : open(json::value_t::object);
    }
    bool start_array(std::size_t) {
        deeper();
        return taping() ? (tape_.startArray(), true) : open(json::value_t::array);
    }
    bool end_object() {
        --depth_;
        return taping() ? (tape_.end(), true) : close();
    }
    bool end_array() {
        --depth_;
        return taping() ? (tape_.end(), true) : close();
    }
    /// Thrown when the text is nested deeper than kMaxNesting: a text read whole was checked before
    /// (checkJsonNesting), a streamed one is read whole instead, which reports it.
    struct TooDeep {};
    bool key(std::string& k) {
        if (taping()) {
            tape_.key(k);
            return true;
        }
        if (!capture_.empty()) {
            captureKey_ = std::move(k);
            return true;
        }
        if (skip_ == 0)
            frames_.back().key = std::move(k);
        return true;
    }
    template <class Exception> bool parse_error(std::size_t, const std::string&, const Exception& ex) {
        throw ex;
    }

    /// Between two resources of the root object's "resources" array, with nothing wrong so far: where
    /// the second part of a state read on two threads may take over.
    bool betweenResources() const {
        return frames_.size() == 2 && frames_[1].role == Role::Resources && depth_ == 2 && skip_ == 0 &&
               capture_.empty() && !taping() && !firstError && !pendingScalarError_;
    }
    /// Takes what a reader of the rest of the text (the second constructor) read, as if it had read it.
    void takeRest(Build& rest, json& restRoot) {
        for (Instance& in : rest.instances)
            b_.instances.push_back(std::move(in));
        for (auto it = restRoot.begin(); it != restRoot.end(); ++it)
            root[it.key()] = std::move(*it);
    }

private:
    enum class Role { Root, Resources, Resource, Instances, Instance };
    struct Frame {
        Role role;
        std::string key;      ///< the member being read (objects)
        std::size_t next = 0; ///< the index of the next element (arrays)
        std::string ptr;      ///< JSON pointer of this value
        json fields;          ///< captured members (resource, instance)
        bool instancesRead = false;
        std::size_t instancesBegin = 0; ///< a resource's instances: b_.instances from here, checked
        std::optional<Error> instanceError;
        bool attributesTaped = false; ///< an instance's attributes object is on the tape
    };

    const std::string& file_;
    Build& b_;
    std::vector<Frame> frames_;
    std::size_t skip_ = 0;       ///< depth inside a skipped container
    std::vector<json*> capture_; ///< open containers of the value being captured
    std::string captureKey_;
    AttributeTape tape_; ///< the attributes object of the instance being read
    int depth_ = 0;
    const std::atomic<bool>* stop_ = nullptr;

    void deeper() {
        if (++depth_ > kMaxNesting)
            throw TooDeep{};
    }

    bool taping() const { return tape_.depth() > 0; }
    bool skipping() const { return capture_.empty() && skip_ > 0; }

    void record(const Error& e) {
        if (!firstError)
            firstError = e;
    }

    // Where the value that starts now goes; nullptr: skip it. `type` is its JSON type.
    json* target(json::value_t type) {
        if (frames_.empty())
            return nullptr; // the root itself: open() handles objects
        Frame& f = frames_.back();
        const bool failed = firstError.has_value();
        switch (f.role) {
        case Role::Root: {
            const std::string& k = f.key;
            if (k == "resources") {
                if (type == json::value_t::array) {
                    frames_.push_back({Role::Resources, {}, 0, "/resources", {}, false, {}, {}});
                    return nullptr;
                }
                if (type == json::value_t::object) {
                    root["resources"] = typeSample(type);
                    return nullptr;
                }
                return &root["resources"];
            }
            if (k == "backend") { // of the backend configuration in .terraform/: only that it is there
                root[k] = true;
                return nullptr;
            }
            if (k == "version" || k == "lineage" || k == "serial" || k == "terraform_version" ||
                k == "format_version" || k == "encrypted_data" || k == "encryption_version" || k == "modules")
                return &root[k];
            return nullptr;
        }
        case Role::Resources: {
            const std::string ptr = jsonPointer(f.ptr, f.next++);
            if (failed)
                return nullptr;
            if (type == json::value_t::object) {
                frames_.push_back(
                    {Role::Resource, {}, 0, ptr, fieldsObject(), false, b_.instances.size(), {}});
                return nullptr;
            }
            if (type == json::value_t::array) {
                fail(ptr, "a resource object", typeSample(type));
                return nullptr;
            }
            pendingScalarError_ = {ptr, "a resource object"};
            return &scratch_;
        }
        case Role::Resource: {
            if (failed)
                return nullptr;
            const std::string& k = f.key;
            if (k == "instances") {
                if (type == json::value_t::array) {
                    f.instancesRead = true;
                    frames_.push_back(
                        {Role::Instances, {}, 0, jsonPointer(f.ptr, "instances"), {}, false, {}, {}});
                    return nullptr;
                }
                if (type == json::value_t::object) {
                    f.fields["instances"] = typeSample(type);
                    return nullptr;
                }
                return &f.fields["instances"];
            }
            if (k == "module" || k == "mode" || k == "type" || k == "name" || k == "provider")
                return &f.fields[std::move(f.key)]; // the key is read no more: the next one replaces it
            return nullptr;
        }
        case Role::Instances: {
            const std::string ptr = jsonPointer(f.ptr, f.next++);
            Frame& resource = frames_[frames_.size() - 2];
            if (failed || resource.instanceError)
                return nullptr;
            if (type == json::value_t::object) {
                frames_.push_back({Role::Instance, {}, 0, ptr, fieldsObject(), false, {}, {}});
                return nullptr;
            }
            if (type == json::value_t::array) {
                const json found = typeSample(type);
                resource.instanceError = makeError(ptr, "an instance object", &found);
                return nullptr;
            }
            pendingScalarError_ = {ptr, "an instance object"};
            return &scratch_;
        }
        case Role::Instance: {
            if (failed)
                return nullptr;
            const std::string& k = f.key;
            if (k == "attributes") {
                // An object is recorded on the tape (the fields keep an empty one, for the checks); a
                // repeated "attributes" replaces what came before, as in a document.
                f.attributesTaped = type == json::value_t::object;
                if (f.attributesTaped) {
                    f.fields["attributes"] = json::object();
                    tape_.clear();
                    tape_.startObject();
                    return nullptr;
                }
            }
            if (k == "attributes" || k == "attributes_flat" || k == "index_key" || k == "status" ||
                k == "deposed" || k == "sensitive_attributes" || k == "dependencies" || k == "depends_on")
                return &f.fields[std::move(f.key)];
            return nullptr;
        }
        }
        return nullptr;
    }

    /// The captured members of a resource or an instance: at most eight, room made once.
    static json fieldsObject() {
        json fields = json::object();
        fields.get_ref<json::object_t&>().reserve(8);
        return fields;
    }

    Error makeError(const std::string& ptr, const std::string& expected, const json* found) {
        try {
            tf::fail(file_, ptr, expected, found);
        } catch (const Error& e) {
            return e;
        }
    }
    void fail(const std::string& ptr, const std::string& expected, const json& found) {
        record(makeError(ptr, expected, &found));
    }

    // A scalar element where a resource or an instance object was expected: reported once its value is
    // known (for the "found" part of the message).
    struct PendingScalar {
        std::string ptr, expected;
    };
    std::optional<PendingScalar> pendingScalarError_;
    json scratch_;

    void scalarDone() {
        if (!pendingScalarError_)
            return;
        const PendingScalar p = std::move(*pendingScalarError_);
        pendingScalarError_.reset();
        Error e = makeError(p.ptr, p.expected, &scratch_);
        if (frames_.back().role == Role::Resources)
            record(e);
        else // an element of "instances": the resource reports it after its own checks
            frames_[frames_.size() - 2].instanceError = std::move(e);
    }

    bool scalar(json&& v) {
        if (!capture_.empty()) {
            place(std::move(v));
            return true;
        }
        if (skip_ > 0)
            return true;
        if (frames_.empty()) {
            rootSample = std::move(v);
            return true;
        }
        if (json* t = target(v.type())) {
            *t = std::move(v);
            scalarDone();
        }
        return true;
    }

    bool open(json::value_t type) {
        if (!capture_.empty()) {
            capture_.push_back(place(json(type)));
            return true;
        }
        if (skip_ > 0) {
            ++skip_;
            return true;
        }
        if (frames_.empty()) {
            if (type == json::value_t::object) {
                rootIsObject = true;
                frames_.push_back({Role::Root, {}, 0, "", {}, false, {}, {}});
            } else {
                rootSample = typeSample(type);
                skip_ = 1;
            }
            return true;
        }
        const std::size_t depth = frames_.size();
        json* t = target(type);
        if (frames_.size() > depth || taping())
            return true; // a streamed frame was entered, or the tape started
        if (t) {
            *t = json(type);
            capture_.push_back(t);
        } else {
            skip_ = 1;
        }
        return true;
    }

    json* place(json&& v) {
        json& top = *capture_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        // As the document parser does: a repeated key keeps its first place and takes the last value.
        json& slot = top.get_ref<json::object_t&>().emplace(captureKey_, nullptr).first->second;
        slot = std::move(v);
        return &slot;
    }

    bool close() {
        if (!capture_.empty()) {
            capture_.pop_back();
            return true;
        }
        if (skip_ > 0) {
            --skip_;
            return true;
        }
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        if (f.role == Role::Instance)
            finishInstance(f);
        else if (f.role == Role::Resource) {
            finishResource(f);
            if (stop_ && stop_->load(std::memory_order_relaxed))
                return false;
        }
        return true;
    }

    void finishInstance(Frame& f) {
        Frame& resource = frames_[frames_.size() - 2];
        if (firstError || resource.instanceError)
            return;
        try {
            Instance in = readInstance(file_, f.fields, f.ptr);
            if (f.attributesTaped)
                compactInstance(in, tape_);
            else
                compactInstance(in);
            b_.instances.push_back(std::move(in)); // its resource's fields are set when it ends
        } catch (const Error& e) {
            resource.instanceError = e;
        } catch (const json::exception& e) {
            resource.instanceError =
                Error(file_, "", std::string("unexpected JSON structure (") + e.what() + ")");
        }
    }

    void finishResource(Frame& f) {
        if (firstError)
            return;
        try {
            const ResourceHead h = readResourceHead(file_, f.fields, f.ptr, f.instancesRead);
            if (f.instanceError) {
                record(*f.instanceError);
                return;
            }
            for (std::size_t k = f.instancesBegin; k < b_.instances.size(); ++k) {
                Instance& in = b_.instances[k];
                in.module = h.module;
                in.data = h.mode == "data";
                in.type = h.type;
                in.name = h.name;
                in.provider = h.provider;
            }
        } catch (const Error& e) {
            record(e);
        } catch (const json::exception& e) {
            record(Error(file_, "", std::string("unexpected JSON structure (") + e.what() + ")"));
        }
    }
};

// "aws_instance.web", "aws_instance.web.0", "data.aws_ami.x" (v3 resource keys and depends_on entries)
struct V3Key {
    bool data = false;
    std::string type, name, index;
};
std::optional<V3Key> parseV3Key(const std::string& key) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    V3Key k;
    std::size_t i = 0;
    if (parts.size() > 2 && parts[0] == "data") {
        k.data = true;
        i = 1;
    }
    if (parts.size() - i < 2 || parts.size() - i > 3)
        return std::nullopt;
    k.type = parts[i];
    k.name = parts[i + 1];
    if (!plainResourceName(k.type) || !plainResourceName(k.name) || k.type == "module")
        return std::nullopt;
    if (parts.size() - i == 3) {
        const std::string& idx = parts[i + 2];
        if (idx.empty() || idx.size() > 9 ||
            !std::all_of(idx.begin(), idx.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        k.index = "[" + std::to_string(std::stol(idx)) + "]";
    }
    return k;
}

void parseV3(const std::string& file, const json& root, Build& b) {
    const json* modules = opt(file, root, "", "modules", JType::Array);
    if (!modules)
        return;
    for (std::size_t i = 0; i < modules->size(); ++i) {
        const json& m = (*modules)[i];
        const std::string mptr = jsonPointer("/modules", i);
        if (!m.is_object())
            fail(file, mptr, "a module object", &m);
        const auto path = optStrings(file, m, mptr, "path");
        std::string module;
        for (std::size_t k = 1; k < path.size(); ++k) {
            if (!plainResourceName(path[k]))
                throw Error(file, jsonPointer(jsonPointer(mptr, "path"), k),
                            "expected a module name, found \"" + path[k].substr(0, 64) + "\"");
            module += (module.empty() ? "" : ".") + std::string("module.") + path[k];
        }
        if (!path.empty() && path[0] != "root")
            throw Error(file, jsonPointer(jsonPointer(mptr, "path"), std::size_t(0)),
                        "expected \"root\" as the first step of a module path");
        const json* resources = opt(file, m, mptr, "resources", JType::Object);
        if (!resources)
            continue;
        const std::string rbase = jsonPointer(mptr, "resources");
        for (auto it = resources->begin(); it != resources->end(); ++it) {
            const std::string rptr = jsonPointer(rbase, it.key());
            const json& r = it.value();
            if (!r.is_object())
                fail(file, rptr, "a resource object", &r);
            const auto key = parseV3Key(it.key());
            if (!key)
                throw Error(
                    file, rptr,
                    "expected a resource key such as aws_instance.web or aws_instance.web.0, found \"" +
                        it.key().substr(0, 80) + "\"");
            const std::string type = optString(file, r, rptr, "type");
            if (!type.empty() && type != key->type)
                throw Error(file, jsonPointer(rptr, "type"),
                            "expected \"" + key->type + "\" (the type in the resource key)");
            const std::string provider = providerShortName(optString(file, r, rptr, "provider"), key->type);
            std::vector<Ref> refs;
            for (const auto& dep : optStrings(file, r, rptr, "depends_on")) {
                std::string d = dep;
                if (d.size() > 2 && d.compare(d.size() - 2, 2, ".*") == 0)
                    d.resize(d.size() - 2);
                std::string target;
                if (const auto dk = parseV3Key(d))
                    target = std::string(dk->data ? "data." : "") + dk->type + "." + dk->name;
                else if (d.rfind("module.", 0) == 0)
                    target = d;
                else
                    continue;
                refs.push_back(
                    {(module.empty() ? "" : module + ".") + target, "", "depends_on", "depends-on", true});
            }
            auto makeInstance = [&](const json& obj, const std::string& optr, bool deposed) {
                Instance in;
                in.module = module;
                in.data = key->data;
                in.type = key->type;
                in.name = key->name;
                in.index = key->index;
                in.provider = provider;
                in.flat = true;
                in.deposedObject = deposed;
                in.refs = refs;
                if (const json* attrs = opt(file, obj, optr, "attributes", JType::Object)) {
                    for (auto a = attrs->begin(); a != attrs->end(); ++a) {
                        if (!a.value().is_string())
                            fail(file, jsonPointer(jsonPointer(optr, "attributes"), a.key()),
                                 "a string (flatmap value)", &a.value());
                        in.attributes[a.key()] = a.value();
                    }
                }
                const std::string id = optString(file, obj, optr, "id");
                if (!id.empty() && !in.attributes.contains("id"))
                    in.attributes["id"] = id;
                if (const json* t = opt(file, obj, optr, "tainted", JType::Bool))
                    in.tainted = t->get<bool>();
                return in;
            };
            const json* primary = opt(file, r, rptr, "primary", JType::Object);
            if (primary)
                b.instances.push_back(makeInstance(*primary, jsonPointer(rptr, "primary"), false));
            if (const json* deposed = opt(file, r, rptr, "deposed", JType::Array)) {
                const std::string dptr = jsonPointer(rptr, "deposed");
                for (std::size_t k = 0; k < deposed->size(); ++k) {
                    const json& o = (*deposed)[k];
                    if (!o.is_object())
                        fail(file, jsonPointer(dptr, k), "a deposed object", &o);
                    b.instances.push_back(makeInstance(o, jsonPointer(dptr, k), true));
                }
            }
        }
    }
}

// The value of "key": <string or integer> in the text, found by scanning (for sniffing only).
std::optional<std::string> scanValue(const std::string& text, const std::string& key) {
    const std::string needle = "\"" + key + "\"";
    std::size_t at = text.find(needle);
    if (at == std::string::npos)
        return std::nullopt;
    std::size_t i = skipAsciiSpace(text, at + needle.size());
    if (i >= text.size() || text[i] != ':')
        return std::nullopt;
    i = skipAsciiSpace(text, i + 1);
    if (i < text.size() && text[i] == '"') {
        const auto end = text.find('"', i + 1);
        if (end == std::string::npos)
            return std::nullopt;
        return text.substr(i + 1, end - i - 1);
    }
    std::size_t j = i;
    while (j < text.size() && (isAsciiDigit(text[j]) || text[j] == '-'))
        ++j;
    if (j == i)
        return std::nullopt;
    return text.substr(i, j - i);
}

} // namespace

std::string TfStateParser::description() const {
    return "Terraform state (terraform.tfstate, `terraform state pull`; format versions 3 and 4)";
}

int TfStateParser::sniff(const std::string& fileName, const std::string& text) const {
    const std::string head = text.substr(0, 8192);
    const std::size_t first = skipAsciiSpace(head);
    const bool jsonObject = first < head.size() && head[first] == '{';
    const bool named = fileName.size() >= 8 && (fileName.find(".tfstate") != std::string::npos);
    if (!jsonObject)
        return named ? 40 : 0;
    if (head.find("\"format_version\"") != std::string::npos)
        return 5; // terraform show -json output: tfjson
    if (head.find("\"encrypted_data\"") != std::string::npos &&
        head.find("\"encryption_version\"") != std::string::npos)
        return 85; // OpenTofu encrypted state: parse() says what to do
    const bool lineage = head.find("\"lineage\"") != std::string::npos;
    const bool tfVersion = head.find("\"terraform_version\"") != std::string::npos;
    const auto version = scanValue(head, "version");
    const bool stateVersion =
        version && (*version == "1" || *version == "2" || *version == "3" || *version == "4");
    const bool body =
        head.find("\"resources\"") != std::string::npos || head.find("\"modules\"") != std::string::npos;
    int score = 0;
    if (stateVersion && lineage && (tfVersion || body))
        score = 95;
    else if (stateVersion && (lineage || tfVersion))
        score = 85;
    else if (lineage && body)
        score = 70;
    if (named)
        score = std::max(score, 60);
    return score;
}

std::optional<TfStateParser::Identity> TfStateParser::identity(const std::string& text) {
    const std::string head = text.substr(0, 65536);
    const auto lineage = scanValue(head, "lineage");
    if (!lineage || lineage->empty())
        return std::nullopt;
    Identity id;
    id.lineage = *lineage;
    if (const auto serial = scanValue(head, "serial"); serial && serial->size() < 19)
        try {
            id.serial = std::stoll(*serial);
        } catch (const std::exception&) {
            id.serial = 0;
        }
    return id;
}

namespace {

// Room for the instances of a state: see parseState().
constexpr std::size_t kFewestBytesPerInstance = 256, kMostRoom = std::size_t(1) << 20;

std::size_t twoThreadReadFrom = kTwoThreadReadFrom; // setTwoThreadReadFrom()
std::atomic<std::size_t> readOnTwoThreads{0};       // statesReadOnTwoThreads()

/// The place of a comma that looks to come between two resources, after `from` and within 256 KiB of it
/// (npos if none): a comma, then `{` and a first key that a resource starts with ("mode" or "module" as
/// Terraform writes it, "each" or "instances" with its keys sorted), with any white space between. In a
/// string, `{"` would end the string, so a comma that looks so is between two values of an array; of
/// those, the one least indented is taken (the "resources" array is shallower than an object in a list
/// of attributes, and indented less where the text is). A guess: the first reader checks, when it
/// reaches the place, that it is between two resources.
std::size_t resourceBoundaryNear(const std::string& path, std::size_t from) {
    constexpr std::size_t kLook = std::size_t(256) << 10, kTail = 64;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::string::npos;
    std::vector<char> buf(kLook + kTail);
    const ssize_t got = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(from));
    ::close(fd);
    if (got <= 0)
        return std::string::npos;
    const char* const p = buf.data();
    const char* const end = p + got;
    const char* const last = p + std::min<std::size_t>(kLook, static_cast<std::size_t>(got));
    auto space = [&](const char* q) {
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
            ++q;
        return q;
    };
    std::size_t found = std::string::npos, leastIndent = std::string::npos;
    for (const char* c = p; c < last; ++c) {
        c = static_cast<const char*>(std::memchr(c, ',', static_cast<std::size_t>(last - c)));
        if (!c)
            break;
        const char* brace = space(c + 1);
        if (brace == end || *brace != '{')
            continue;
        const char* q = space(brace + 1);
        const std::string_view rest(q, static_cast<std::size_t>(end - q));
        std::size_t key = 0;
        for (const std::string_view first : {"\"mode\"", "\"module\"", "\"each\"", "\"instances\""})
            if (rest.starts_with(first))
                key = first.size();
        if (key == 0 || (q = space(q + key)) == end || *q != ':')
            continue;
        const char* lineStart = brace;
        while (lineStart > c + 1 && lineStart[-1] != '\n')
            --lineStart;
        const auto indent = static_cast<std::size_t>(brace - lineStart);
        if (indent < leastIndent) {
            leastIndent = indent;
            found = from + static_cast<std::size_t>(c - p);
        }
    }
    return found;
}

/// Reads a streamed state through `reader`; from twoThreadReadFrom bytes (kTwoThreadReadFrom), where there
/// are two processors, on two threads: a second reader starts at a resource a little before halfway
/// (resourceBoundaryNear()) and reads to the end into a Build of its own, while the first reads up to it.
/// When the first reaches that place between two resources and the second read its part with nothing wrong,
/// the first takes what the second read and hashes the rest (on a thread of its own, while the builder goes
/// on); otherwise the second is stopped and the first reads on alone. Either way the reader ends as it would
/// have reading alone (tst_tfstateparser compares both).
bool readStreamedState(StreamedText& text, StateReader& reader) {
    StreamedJsonReader<StateReader> first(text, reader);
    if (text.size() < twoThreadReadFrom || !twoProcessors())
        return first.read();
    // A little before halfway: the first reader hashes the rest too (a tenth of the time it takes to read).
    const std::size_t at = resourceBoundaryNear(text.path(), text.size() / 100 * 47);
    if (at == std::string::npos)
        return first.read();

    Build rest;
    json restRoot;
    std::atomic<bool> stop{false};
    bool restRead = false;
    std::size_t restEnd = 0;
    std::thread second;
    try {
        second = std::thread([&] {
            try {
                const auto part = StreamedText::openPart(text.path(), at + 1);
                if (!part)
                    return;
                rest.instances.reserve(std::min((text.size() - at) / kFewestBytesPerInstance, kMostRoom));
                StateReader restReader(text.name(), rest, stop);
                restRead = StreamedJsonReader<StateReader>(*part, restReader).readInArrayOfRoot() &&
                           !restReader.firstError;
                restEnd = part->readEnd();
                restRoot = std::move(restReader.root);
            } catch (...) {
                restRead = false; // whatever it was, the first reader reads on and meets it
            }
        });
    } catch (const std::system_error&) { // no thread to be had
        return first.read();
    }
    bool taken = false;
    auto finishSecond = [&] {
        if (second.joinable()) {
            stop = true;
            second.join();
        }
    };
    first.splitAt(at, [&](bool exact) {
        if (!exact || !reader.betweenResources()) {
            finishSecond();
            return false;
        }
        second.join();
        if (!restRead)
            return false;
        reader.takeRest(rest, restRoot);
        return taken = true;
    });
    bool read = false;
    try {
        read = first.read();
    } catch (...) {
        finishSecond();
        throw;
    }
    finishSecond();
    if (taken) {
        text.hashRest(restEnd);
        ++readOnTwoThreads;
    }
    return read;
}

/// A state read by `read(reader)` (the SAX events of the whole text) into a Discovery; `file` names it in
/// errors, `sha256` is its hash, `bytes` its size.
template <class Read>
Discovery parseState(const std::string& file, const std::string& sha256, std::size_t bytes, Read&& read) {
    try {
        Build b;
        // Room for as many instances as the text could hold at a few hundred bytes each (Terraform
        // writes more; up to a million, past which it grows), so that the instances are not moved as they
        // come: pages of the room that stay unused are never touched. A vector growing by doubling moved
        // them all each time, and a deque left its small blocks as holes among what the import keeps
        // (its commit ran slower).
        b.instances.reserve(std::min(bytes / kFewestBytesPerInstance, kMostRoom));
        adviseHugePages(b.instances);
        StateReader reader(file, b);
        read(reader);
        if (!reader.rootIsObject)
            fail(file, "", "a Terraform state object", &reader.rootSample);
        const json& root = reader.root;
        if (root.contains("encrypted_data") || root.contains("encryption_version"))
            throw Error(
                file, "/encrypted_data",
                "this is an OpenTofu encrypted state, which cannot be read without its key; run `tofu "
                "state pull > decrypted.tfstate` (with the encryption configured) to export decrypted "
                "state, and import that file");
        if (root.contains("backend")) {
            // What `terraform init` writes into .terraform/terraform.tfstate for a remote backend: where the
            // state is kept (and perhaps its credentials), with no resource.
            bool resources = !b.instances.empty();
            if (const auto m = root.find("modules"); m != root.end() && m->is_array())
                for (const json& module : *m)
                    resources |= module.is_object() && module.contains("resources") &&
                                 module["resources"].is_object() && !module["resources"].empty();
            if (!resources)
                throw Error(file, "/backend",
                            "this is the backend configuration `terraform init` writes into .terraform/, not "
                            "a state: `terraform state pull > prod.tfstate` writes the state it points to; "
                            "import that file");
        }
        const json* version = opt(file, root, "", "version", JType::Number);
        if (!version) {
            if (root.contains("format_version"))
                throw Error(file, "/format_version",
                            "this is `terraform show -json` output, not a state file: import it with "
                            "--format tfjson");
            throw Error(file, "/version", "expected the state format version (a number), but it is missing");
        }
        const double v = version->get<double>();
        if (v == 1 || v == 2)
            throw Error(
                file, "/version",
                "state format version " + std::to_string(static_cast<int>(v)) +
                    " (Terraform before 0.7) is not supported; upgrade it with a newer Terraform "
                    "(`terraform state pull > upgraded.tfstate` with Terraform 0.12 or later writes version "
                    "4) and import that file");
        if (v != 3 && v != 4)
            throw Error(file, "/version",
                        "expected state format version 3 or 4, found " + version->dump() +
                            " (a newer Terraform? `terraform show -json` output can be imported as tfjson)");
        b.format = "tfstate";
        b.file = file;
        b.contentHash = sha256;
        const std::string lineage = optString(file, root, "", "lineage");
        opt(file, root, "", "serial", JType::Number);
        opt(file, root, "", "terraform_version", JType::String);
        if (lineage.empty()) {
            b.scope = "tfstate:" + file;
            b.warnings.push_back("the state has no lineage; re-imports are matched by file name");
        } else {
            b.scope = "tfstate:" + lineage;
        }
        if (v == 4) {
            opt(file, root, "", "resources", JType::Array);
            if (reader.firstError)
                throw *reader.firstError;
        } else {
            b.instances.clear(); // read as version 4 while the version was not known
            parseV3(file, root, b);
        }
        return buildDiscovery(std::move(b));
    } catch (const json::exception& e) {
        throw Error(file, "", std::string("unexpected JSON structure (") + e.what() + ")");
    }
}

} // namespace

void setTwoThreadReadFrom(std::size_t bytes) {
    twoThreadReadFrom = bytes;
}

std::size_t statesReadOnTwoThreads() {
    return readOnTwoThreads;
}

Discovery TfStateParser::parse(const SourceText& src, const ParseOptions& /*options*/) const {
    return parseState(src.name, src.sha256, src.text.size(),
                      [&](StateReader& reader) { parseJsonSax(src.text, src.name, reader); });
}

Discovery TfStateParser::parse(StreamedText& text) const {
    return parseState(text.name(), {}, text.size(), [&](StateReader& reader) {
        if (!readStreamedState(text, reader))
            throw StreamedText::Unreadable{};
    });
}

std::optional<Discovery> TfStateParser::parseStreamed(const std::string& path, const ParseOptions&) const {
    const auto text = StreamedText::open(path);
    if (!text)
        return std::nullopt;
    try {
        Discovery d = parse(*text);
        d.contentHash = text->sha256(); // known once the text was read to its end
        return d;
    } catch (...) {
        // Whatever it was (a syntax error, a NUL byte, a state that is not one), the text read whole
        // reports it, with its place, as it always did.
        return std::nullopt;
    }
}

} // namespace terrain
