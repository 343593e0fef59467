#include "TfJsonParser.h"

#include "AsciiChars.h"
#include "Error.h"
#include "TerraformCommon.h"

#include <map>
#include <set>
#include <unordered_map>

namespace terrain {

using namespace tf;

namespace {

constexpr std::size_t kMaxModuleDepth = 100;

// ---- values / planned_values / prior_state modules ----------------------------------------------

struct Entry {
    Instance inst;
    bool wholeSensitive = false;
    bool hasValues = false;
};

struct Collected {
    std::vector<Entry> entries;
    std::unordered_map<std::string, std::size_t> byAddress;
    Entry& at(const std::string& address) {
        auto [it, fresh] = byAddress.emplace(address, entries.size());
        if (fresh)
            entries.emplace_back();
        return entries[it->second];
    }
};

void addSensitive(const json& mirror, Entry& e) {
    if (mirror.is_boolean()) {
        if (mirror.get<bool>())
            e.wholeSensitive = true;
        return;
    }
    collectSensitiveMirror(mirror, {}, e.inst.sensitive);
}

Address checkedAddress(const std::string& file, const std::string& ptr, const std::string& address) {
    auto a = parseAddress(address);
    if (!a)
        throw Error(file, ptr,
                    "expected a resource address such as module.app[\"api\"].aws_instance.web[0], found \"" +
                        address.substr(0, 80) + "\"");
    return *a;
}

// One resource of a values module. `prior`: from a state (values or prior_state), whose values are
// the real ones and whose depends_on lists are Terraform's (transitive) dependency lists.
void readResource(const std::string& file, const json& r, const std::string& ptr, bool prior,
                  Collected& out) {
    if (!r.is_object())
        fail(file, ptr, "a resource object", &r);
    const std::string address = reqString(file, r, ptr, "address");
    const Address a = checkedAddress(file, jsonPointer(ptr, "address"), address);
    const std::string mode = optString(file, r, ptr, "mode");
    if (!mode.empty() && mode != "managed" && mode != "data")
        throw Error(file, jsonPointer(ptr, "mode"),
                    "expected \"managed\" or \"data\", found \"" + mode.substr(0, 40) + "\"");
    const std::string type = optString(file, r, ptr, "type");
    if (!type.empty() && type != a.type)
        throw Error(file, jsonPointer(ptr, "type"), "expected \"" + a.type + "\" (the type in the address)");
    opt(file, r, ptr, "name", JType::String);
    opt(file, r, ptr, "index", JType::Scalar);
    const json* values = opt(file, r, ptr, "values", JType::Object);
    const json* sensitive = r.contains("sensitive_values") ? &r["sensitive_values"] : nullptr;
    if (sensitive && !sensitive->is_object() && !sensitive->is_boolean() && !sensitive->is_null())
        fail(file, jsonPointer(ptr, "sensitive_values"), "an object or a boolean", sensitive);
    const auto dependsOn = optStrings(file, r, ptr, "depends_on");
    const json* tainted = opt(file, r, ptr, "tainted", JType::Bool);
    const std::string deposedKey = optString(file, r, ptr, "deposed_key");

    std::string key = address;
    if (!deposedKey.empty())
        key += " deposed " + deposedKey;
    Entry& e = out.at(key);
    Instance& in = e.inst;
    if (in.type.empty()) {
        in.module = a.moduleAddress();
        in.data = a.data || mode == "data";
        in.type = a.type;
        in.name = a.name;
        in.index = a.index;
        in.provider = providerShortName(optString(file, r, ptr, "provider_name"), a.type);
        in.deposedObject = !deposedKey.empty();
    }
    if (values) {
        // The document is ours (parse() holds it non-const) and each values object is read once: moved.
        const json v = unwrapDynamic(std::move(const_cast<json&>(*values)));
        if (!e.hasValues || prior) {
            // The prior state's values are what exists; planned values only fill what it lacks.
            json merged = v;
            if (e.hasValues)
                for (auto it = in.attributes.begin(); it != in.attributes.end(); ++it)
                    if (!merged.contains(it.key()) || merged[it.key()].is_null())
                        merged[it.key()] = it.value();
            in.attributes = std::move(merged);
        } else {
            for (auto it = v.begin(); it != v.end(); ++it)
                if (!in.attributes.contains(it.key()) || in.attributes[it.key()].is_null())
                    in.attributes[it.key()] = it.value();
        }
        e.hasValues = true;
    }
    if (sensitive)
        addSensitive(*sensitive, e);
    if (tainted && tainted->get<bool>())
        in.tainted = true;
    if (prior)
        for (const auto& dep : dependsOn)
            in.refs.push_back({dep, "", "depends_on", "depends-on", true});
}

void readModule(const std::string& file, const json& m, const std::string& ptr, bool prior, Collected& out,
                std::size_t depth) {
    if (!m.is_object())
        fail(file, ptr, "a module object", &m);
    if (depth > kMaxModuleDepth)
        throw Error(file, ptr,
                    "modules nested more than " + std::to_string(kMaxModuleDepth) + " levels deep");
    opt(file, m, ptr, "address", JType::String);
    if (const json* rs = opt(file, m, ptr, "resources", JType::Array)) {
        const std::string rp = jsonPointer(ptr, "resources");
        for (std::size_t i = 0; i < rs->size(); ++i)
            readResource(file, (*rs)[i], jsonPointer(rp, i), prior, out);
    }
    if (const json* cs = opt(file, m, ptr, "child_modules", JType::Array)) {
        const std::string cp = jsonPointer(ptr, "child_modules");
        for (std::size_t i = 0; i < cs->size(); ++i)
            readModule(file, (*cs)[i], jsonPointer(cp, i), prior, out, depth + 1);
    }
}

// A values document: {"outputs": ..., "root_module": {...}}
void readValues(const std::string& file, const json& values, const std::string& ptr, bool prior,
                Collected& out) {
    if (!values.is_object())
        fail(file, ptr, "an object", &values);
    if (const json* root = opt(file, values, ptr, "root_module", JType::Object))
        readModule(file, *root, jsonPointer(ptr, "root_module"), prior, out, 0);
}

// `resource_drift`: what the refresh of a plan found changed or deleted outside Terraform (a hand edit in
// the console), a fact on the resource: "changed outside Terraform" and the names of the attributes that
// changed (never their values), or "deleted outside Terraform".
void readDrift(const std::string& file, const json& drift, Collected& out) {
    for (std::size_t i = 0; i < drift.size(); ++i) {
        const json& rc = drift[i];
        const std::string ptr = jsonPointer("/resource_drift", i);
        if (!rc.is_object())
            fail(file, ptr, "a resource change object", &rc);
        const std::string address = reqString(file, rc, ptr, "address");
        checkedAddress(file, jsonPointer(ptr, "address"), address);
        if (!optString(file, rc, ptr, "deposed").empty())
            continue;
        const json& change = req(file, rc, ptr, "change", JType::Object);
        const auto actions = optStrings(file, change, jsonPointer(ptr, "change"), "actions");
        const auto entry = out.byAddress.find(address);
        if (entry == out.byAddress.end())
            continue; // not in the state the plan read: nothing on the map to say it of
        Instance& in = out.entries[entry->second].inst;
        if (std::find(actions.begin(), actions.end(), "delete") != actions.end()) {
            in.facts["drift"] = "deleted outside Terraform";
            continue;
        }
        if (std::find(actions.begin(), actions.end(), "update") == actions.end())
            continue;
        in.facts["drift"] = "changed outside Terraform";
        const auto before = change.find("before");
        const auto after = change.find("after");
        if (before == change.end() || after == change.end() || !before->is_object() || !after->is_object())
            continue;
        json changed = json::array();
        for (auto it = after->begin(); it != after->end() && changed.size() < 20; ++it)
            if (const auto was = before->find(it.key()); was == before->end() || *was != it.value())
                changed.push_back(it.key());
        for (auto it = before->begin(); it != before->end() && changed.size() < 20; ++it)
            if (!after->contains(it.key()))
                changed.push_back(it.key());
        if (!changed.empty())
            in.facts["drift_attributes"] = std::move(changed);
    }
}

std::string actionWord(const std::vector<std::string>& actions) {
    if (actions.size() == 2 && ((actions[0] == "delete" && actions[1] == "create") ||
                                (actions[0] == "create" && actions[1] == "delete")))
        return "replace";
    std::string out;
    for (const auto& a : actions)
        out += (out.empty() ? "" : "-") + a;
    return out.empty() ? std::string("no-op") : out;
}

void readChanges(const std::string& file, const json& changes, Collected& out) {
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const json& rc = changes[i];
        const std::string ptr = jsonPointer("/resource_changes", i);
        if (!rc.is_object())
            fail(file, ptr, "a resource change object", &rc);
        const std::string address = reqString(file, rc, ptr, "address");
        const Address a = checkedAddress(file, jsonPointer(ptr, "address"), address);
        const std::string mode = optString(file, rc, ptr, "mode");
        const std::string deposed = optString(file, rc, ptr, "deposed");
        const std::string previous = optString(file, rc, ptr, "previous_address");
        const std::string reason = optString(file, rc, ptr, "action_reason");
        const json& change = req(file, rc, ptr, "change", JType::Object);
        const std::string cptr = jsonPointer(ptr, "change");
        const auto actions = optStrings(file, change, cptr, "actions");
        const json* before = change.contains("before") ? &change["before"] : nullptr;
        const json* after = change.contains("after") ? &change["after"] : nullptr;
        for (const auto* v : {before, after})
            if (v && !v->is_object() && !v->is_null())
                fail(file, jsonPointer(cptr, v == before ? "before" : "after"), "an object or null", v);

        const std::string key = deposed.empty() ? address : address + " deposed " + deposed;
        const bool fresh = out.byAddress.find(key) == out.byAddress.end();
        Entry& e = out.at(key);
        Instance& in = e.inst;
        if (fresh) {
            in.module = a.moduleAddress();
            in.data = a.data || mode == "data";
            in.type = a.type;
            in.name = a.name;
            in.index = a.index;
            in.provider = providerShortName(optString(file, rc, ptr, "provider_name"), a.type);
            in.deposedObject = !deposed.empty();
        }
        if (!e.hasValues) {
            const json* v =
                after && after->is_object() ? after : (before && before->is_object() ? before : nullptr);
            if (v) {
                in.attributes = unwrapDynamic(*v);
                e.hasValues = true;
            }
        }
        for (const char* k : {"before_sensitive", "after_sensitive"})
            if (change.contains(k))
                addSensitive(change[k], e);
        if (deposed.empty()) {
            in.facts["planned_action"] = actionWord(actions);
            if (!reason.empty() && reason.size() < 80)
                in.facts["planned_action_reason"] = reason;
            if (!previous.empty() && previous != address && parseAddress(previous))
                in.identifiers.push_back("tf:" + previous);
        }
    }
}

// ---- configuration: intended dependencies --------------------------------------------------------

struct CfgModule {
    std::string path; // "" or "module.a.module.b"
    const json* obj = nullptr;
    std::string ptr;
    CfgModule* parent = nullptr;
    const json* call = nullptr; // the module_calls entry in the parent
    std::string callPtr;
    std::map<std::string, std::unique_ptr<CfgModule>> children;
};

struct Target {
    std::string target, index, via;
};

struct RefPair {
    std::string attribute; // "input", "ingress.cidr_blocks", "count", "depends_on"
    std::string ref;
};

// All "references" arrays inside an expression tree, with the attribute path they sit under.
void collectRefs(const std::string& file, const json& v, const std::string& ptr, const std::string& attr,
                 std::vector<RefPair>& out, std::size_t depth) {
    if (depth > 64)
        return;
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it.key() == "references") {
                if (!it.value().is_array())
                    fail(file, jsonPointer(ptr, "references"), "an array of strings", &it.value());
                for (std::size_t i = 0; i < it.value().size(); ++i) {
                    const json& r = it.value()[i];
                    if (!r.is_string())
                        fail(file, jsonPointer(jsonPointer(ptr, "references"), i), "a string", &r);
                    out.push_back({attr, r.get<std::string>()});
                }
            } else if (it.key() != "constant_value") {
                const bool numeric =
                    !it.key().empty() && std::all_of(it.key().begin(), it.key().end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
                const std::string sub = attr.empty() ? it.key() : (numeric ? attr : attr + "." + it.key());
                collectRefs(file, it.value(), jsonPointer(ptr, it.key()), sub, out, depth + 1);
            }
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            collectRefs(file, v[i], jsonPointer(ptr, i), attr, out, depth + 1);
    }
}

class Config {
public:
    Config(const std::string& file)
        : file_(file) {}

    void load(const json& rootModule, const std::string& ptr) {
        root_.obj = &rootModule;
        root_.ptr = ptr;
        loadModule(root_, 0);
    }

    // config address → the references of that resource
    std::map<std::string, std::vector<Ref>> refs() {
        std::map<std::string, std::vector<Ref>> out;
        collect(root_, out);
        return out;
    }

private:
    void loadModule(CfgModule& m, std::size_t depth) {
        if (depth > kMaxModuleDepth)
            throw Error(file_, m.ptr,
                        "modules nested more than " + std::to_string(kMaxModuleDepth) + " levels deep");
        if (!m.obj->is_object())
            fail(file_, m.ptr, "a module object", m.obj);
        if (const json* calls = opt(file_, *m.obj, m.ptr, "module_calls", JType::Object)) {
            const std::string cp = jsonPointer(m.ptr, "module_calls");
            for (auto it = calls->begin(); it != calls->end(); ++it) {
                const std::string callPtr = jsonPointer(cp, it.key());
                if (!it.value().is_object())
                    fail(file_, callPtr, "a module call object", &it.value());
                if (it.key().empty() || it.key().find_first_of(".[]\" ") != std::string::npos)
                    throw Error(file_, callPtr, "expected a module name");
                auto child = std::make_unique<CfgModule>();
                child->path = (m.path.empty() ? "" : m.path + ".") + "module." + it.key();
                child->parent = &m;
                child->call = &it.value();
                child->callPtr = callPtr;
                static const json empty = json::object();
                const json* body = opt(file_, it.value(), callPtr, "module", JType::Object);
                child->obj = body ? body : &empty;
                child->ptr = jsonPointer(callPtr, "module");
                loadModule(*child, depth + 1);
                m.children.emplace(it.key(), std::move(child));
            }
        }
    }

    static std::string firstSegment(const std::string& ref, std::size_t& end) {
        end = ref.find_first_of(".[");
        return ref.substr(0, end);
    }

    // "each.key" ... → nothing; "var.x" → the caller's argument; "module.m.out" → the output's refs;
    // "aws_x.y[1].id" → that resource (instance 1).
    std::vector<Target> resolve(const CfgModule& m, const std::string& ref, std::size_t depth) {
        if (depth > 64 || ++work_ > 2000000)
            return {};
        const std::string memoKey = m.path + "\n" + ref;
        if (const auto it = memo_.find(memoKey); it != memo_.end())
            return it->second;
        if (!inProgress_.insert(memoKey).second)
            return {}; // a cycle through variables and outputs
        std::vector<Target> out;
        std::size_t end = 0;
        const std::string first = firstSegment(ref, end);
        const std::string prefix = m.path.empty() ? "" : m.path + ".";
        auto nextSegment = [&](std::size_t from, std::size_t& stop) -> std::string {
            if (from >= ref.size() || ref[from] != '.')
                return {};
            const std::size_t s = from + 1;
            stop = ref.find_first_of(".[", s);
            return ref.substr(s, stop == std::string::npos ? std::string::npos : stop - s);
        };
        auto skipKeys = [&](std::size_t at) {
            while (at != std::string::npos && at < ref.size() && ref[at] == '[') {
                const auto close = ref.find(']', at);
                at = close == std::string::npos ? std::string::npos : close + 1;
            }
            return at;
        };
        if (first == "var") {
            std::size_t stop = 0;
            const std::string name = nextSegment(end, stop);
            if (!name.empty() && m.parent && m.call) {
                if (const json* exprs = opt(file_, *m.call, m.callPtr, "expressions", JType::Object))
                    if (const auto it = exprs->find(name); it != exprs->end()) {
                        std::vector<RefPair> refs;
                        collectRefs(file_, *it, jsonPointer(jsonPointer(m.callPtr, "expressions"), name),
                                    name, refs, 0);
                        for (const auto& r : refs)
                            for (auto t : resolve(*m.parent, r.ref, depth + 1)) {
                                if (t.via.empty())
                                    t.via = "var." + name;
                                out.push_back(std::move(t));
                            }
                    }
            }
        } else if (first == "module") {
            std::size_t stop = 0;
            const std::string name = nextSegment(end, stop);
            const std::size_t keysFrom = stop;
            stop = skipKeys(stop);
            // The instance of a module called with count or for_each that the reference names
            // (`module.svc["orders"].endpoint`): what is in that instance alone, its keys in the target.
            const std::string keys =
                keysFrom != std::string::npos && stop != std::string::npos && stop > keysFrom
                    ? ref.substr(keysFrom, stop - keysFrom)
                    : std::string();
            auto inInstance = [&](Target t, const std::string& modulePath) {
                if (!keys.empty() && t.target.starts_with(modulePath + "."))
                    t.target.insert(modulePath.size(), keys);
                return t;
            };
            std::size_t stop2 = 0;
            const std::string output = stop == std::string::npos ? std::string() : nextSegment(stop, stop2);
            const auto child = m.children.find(name);
            bool resolved = false;
            if (!name.empty() && child != m.children.end()) {
                const CfgModule& c = *child->second;
                if (const json* outputs = opt(file_, *c.obj, c.ptr, "outputs", JType::Object)) {
                    for (auto it = outputs->begin(); it != outputs->end(); ++it) {
                        if (!output.empty() && it.key() != output)
                            continue;
                        if (!it.value().is_object())
                            fail(file_, jsonPointer(jsonPointer(c.ptr, "outputs"), it.key()),
                                 "an output object", &it.value());
                        std::vector<RefPair> refs;
                        if (const json* expr =
                                opt(file_, it.value(), jsonPointer(jsonPointer(c.ptr, "outputs"), it.key()),
                                    "expression", JType::Object))
                            collectRefs(file_, *expr, c.ptr, it.key(), refs, 0);
                        for (const auto& r : refs)
                            for (auto t : resolve(c, r.ref, depth + 1)) {
                                if (t.via.empty())
                                    t.via = "module." + name + "." + it.key();
                                out.push_back(inInstance(std::move(t), c.path));
                            }
                        resolved = true;
                    }
                }
            }
            if (!resolved && !name.empty() && name.find('"') == std::string::npos)
                out.push_back({prefix + "module." + name + keys, "", "module." + name});
        } else if (first != "local" && first != "each" && first != "count" && first != "path" &&
                   first != "self" && first != "terraform") {
            // A resource or data source of this module: "aws_x.y[1].id", "data.aws_x.y".
            if (const auto a = parseAddress(ref, true); a && a->modules.empty())
                out.push_back({prefix + a->config(), a->index, ""});
        }
        inProgress_.erase(memoKey);
        memo_[memoKey] = out;
        return out;
    }

    // depends_on entries name whole modules or resources, not values.
    std::vector<Target> dependsOnTarget(const CfgModule& m, const std::string& ref) {
        const std::string prefix = m.path.empty() ? "" : m.path + ".";
        if (ref.rfind("module.", 0) == 0) {
            const std::string stripped = stripInstanceKeys(ref);
            if (parseModulePath(stripped))
                return {{prefix + stripped, "", ""}};
        }
        return resolve(m, ref, 0);
    }

    // Everything a module's resources inherit from its call: depends_on, count and for_each.
    std::vector<Ref> inherited(const CfgModule& m) {
        std::vector<Ref> out;
        if (!m.parent || !m.call)
            return out;
        out = inherited(*m.parent);
        const std::string label = m.path;
        for (const auto& dep : optStrings(file_, *m.call, m.callPtr, "depends_on"))
            for (const auto& t : dependsOnTarget(*m.parent, dep))
                out.push_back({t.target, t.index, "depends_on of " + label, "depends-on", false});
        for (const char* k : {"count_expression", "for_each_expression"})
            if (const json* e = opt(file_, *m.call, m.callPtr, k, JType::Object)) {
                std::vector<RefPair> refs;
                collectRefs(file_, *e, jsonPointer(m.callPtr, k), "", refs, 0);
                for (const auto& r : refs)
                    for (const auto& t : resolve(*m.parent, r.ref, 0))
                        out.push_back(
                            {t.target, t.index,
                             std::string(k == std::string("count_expression") ? "count" : "for_each") +
                                 " of " + label,
                             "depends-on", false});
            }
        return out;
    }

    void collect(CfgModule& m, std::map<std::string, std::vector<Ref>>& out) {
        const std::vector<Ref> fromCall = inherited(m);
        const std::string prefix = m.path.empty() ? "" : m.path + ".";
        if (const json* rs = opt(file_, *m.obj, m.ptr, "resources", JType::Array)) {
            const std::string rp = jsonPointer(m.ptr, "resources");
            for (std::size_t i = 0; i < rs->size(); ++i) {
                const json& r = (*rs)[i];
                const std::string ptr = jsonPointer(rp, i);
                if (!r.is_object())
                    fail(file_, ptr, "a resource object", &r);
                const std::string address = reqString(file_, r, ptr, "address");
                const auto a = parseAddress(address);
                if (!a || !a->modules.empty() || !a->index.empty())
                    throw Error(
                        file_, jsonPointer(ptr, "address"),
                        "expected a resource address within its module such as aws_instance.web, found \"" +
                            address.substr(0, 80) + "\"");
                std::vector<Ref>& refs = out[prefix + a->config()];
                refs.insert(refs.end(), fromCall.begin(), fromCall.end());
                std::vector<RefPair> pairs;
                if (const json* exprs = opt(file_, r, ptr, "expressions", JType::Object))
                    collectRefs(file_, *exprs, jsonPointer(ptr, "expressions"), "", pairs, 0);
                for (const char* k : {"count_expression", "for_each_expression"})
                    if (const json* e = opt(file_, r, ptr, k, JType::Object)) {
                        std::vector<RefPair> p;
                        collectRefs(file_, *e, jsonPointer(ptr, k), "", p, 0);
                        for (auto& x : p)
                            pairs.push_back(
                                {k == std::string("count_expression") ? "count" : "for_each", x.ref});
                    }
                // References to one resource with a literal instance key ("subnet[1]") and without one
                // ("subnet", always listed too): the keyed ones say which instance.
                std::vector<std::pair<std::string, Target>> found;
                for (const auto& p : pairs)
                    for (const auto& t : resolve(m, p.ref, 0))
                        found.emplace_back(p.attribute, t);
                std::set<std::pair<std::string, std::string>> keyed;
                for (const auto& [attr, t] : found)
                    if (!t.index.empty())
                        keyed.insert({attr + "\n" + t.via, t.target});
                std::set<std::string> added;
                for (const auto& [attribute, t] : found) {
                    if (t.index.empty() && keyed.count({attribute + "\n" + t.via, t.target}))
                        continue;
                    if (!added.insert(attribute + "\n" + t.via + "\n" + t.target + "\n" + t.index).second)
                        continue;
                    std::string kind = kindForAttribute(attribute);
                    if (kind == "depends-on" && t.via.rfind("var.", 0) == 0)
                        kind = kindForAttribute(t.via.substr(4));
                    refs.push_back({t.target, t.index,
                                    t.via.empty() ? attribute : attribute + " (" + t.via + ")", kind, false});
                }
                for (const auto& dep : optStrings(file_, r, ptr, "depends_on"))
                    for (const auto& t : dependsOnTarget(m, dep))
                        refs.push_back({t.target, t.index, "depends_on", "depends-on", false});
            }
        }
        for (auto& [name, child] : m.children)
            collect(*child, out);
    }

    const std::string& file_;
    CfgModule root_;
    std::map<std::string, std::vector<Target>> memo_;
    std::set<std::string> inProgress_;
    std::size_t work_ = 0;
};

} // namespace

std::string TfJsonParser::description() const {
    return "Terraform show/plan JSON (`terraform show -json`, of a state or a plan; format 0.1 to 1.x)";
}

int TfJsonParser::sniff(const std::string& /*fileName*/, const std::string& text) const {
    const std::string head = text.substr(0, 8192);
    const std::size_t first = skipAsciiSpace(head);
    if (first >= head.size() || head[first] != '{')
        return 0;
    if (head.find("\"format_version\"") == std::string::npos)
        return 0;
    if (head.find("\"provider_schemas\"") != std::string::npos ||
        head.find("\"format\"") != std::string::npos)
        return 10; // `terraform providers schema -json`, or a Terrain map
    int score = 55;
    for (const char* k : {"\"planned_values\"", "\"resource_changes\"", "\"prior_state\"",
                          "\"configuration\"", "\"root_module\"", "\"terraform_version\"", "\"values\""})
        if (head.find(k) != std::string::npos)
            score = 92;
    return score;
}

Discovery TfJsonParser::parse(const SourceText& src, const ParseOptions& /*options*/) const {
    const std::string& file = src.name;
    try {
        json root = parseJsonText(src.text, file);
        if (!root.is_object())
            fail(file, "", "a `terraform show -json` object", &root);
        const json* fv = opt(file, root, "", "format_version", JType::String);
        if (!fv) {
            if (root.contains("lineage") || root.contains("version"))
                throw Error(file, "/format_version",
                            "this looks like a state file, not `terraform show -json` output: import it with "
                            "--format tfstate");
            throw Error(file, "/format_version",
                        "expected the show JSON format version (a string), but it is missing");
        }
        const std::string version = fv->get<std::string>();
        const std::string major = version.substr(0, version.find('.'));
        if (major != "0" && major != "1")
            throw Error(file, "/format_version",
                        "expected format version 0.x or 1.x, found \"" + version.substr(0, 20) + "\"");
        opt(file, root, "", "terraform_version", JType::String);

        Collected c;
        if (const json* values = opt(file, root, "", "values", JType::Object))
            readValues(file, *values, "/values", true, c);
        if (const json* prior = opt(file, root, "", "prior_state", JType::Object)) {
            opt(file, *prior, "/prior_state", "format_version", JType::String);
            if (const json* pv = opt(file, *prior, "/prior_state", "values", JType::Object))
                readValues(file, *pv, "/prior_state/values", true, c);
        }
        if (const json* planned = opt(file, root, "", "planned_values", JType::Object))
            readValues(file, *planned, "/planned_values", false, c);
        if (const json* changes = opt(file, root, "", "resource_changes", JType::Array))
            readChanges(file, *changes, c);
        if (const json* drift = opt(file, root, "", "resource_drift", JType::Array))
            readDrift(file, *drift, c);

        Build b;
        b.format = "tfjson";
        b.file = file;
        b.scope = sourceScope("tfjson", src.path, file);
        b.legacyScope = "tfjson:" + file;
        b.contentHash = src.sha256;
        std::map<std::string, std::vector<Ref>> configRefs;
        if (const json* config = opt(file, root, "", "configuration", JType::Object)) {
            if (const json* rm = opt(file, *config, "/configuration", "root_module", JType::Object)) {
                Config cfg(file);
                cfg.load(*rm, "/configuration/root_module");
                configRefs = cfg.refs();
            }
        }
        for (auto& e : c.entries) {
            if (e.wholeSensitive)
                e.inst.attributes = json::object();
            if (const auto it = configRefs.find(e.inst.config()); it != configRefs.end())
                e.inst.refs.insert(e.inst.refs.end(), it->second.begin(), it->second.end());
            b.instances.push_back(std::move(e.inst));
        }
        return buildDiscovery(std::move(b));
    } catch (const json::exception& e) {
        throw Error(file, "", std::string("unexpected JSON structure (") + e.what() + ")");
    }
}

} // namespace terrain
