#pragma once
// What the three Terraform importers (tfstate, tfjson, tfgraph) share, so that the same resource gets
// the same key, kind, name and edges whichever file it came from:
//  - defensive JSON access that names the JSON pointer of whatever is missing or wrongly typed;
//  - Terraform addresses: instance keys quoted the way Terraform quotes them, config addresses,
//    parsing of addresses and references;
//  - resource types: kind, provider, what is plumbing (not a system), what folds into what;
//  - the one builder that turns resource instances and their references into a Discovery: folding,
//    data sources as references, remote state outputs as identifiers, attribute matching by
//    id/arn/self_link, the transitive reduction of Terraform's dependency lists, re-linking across
//    plumbing, redaction.
//
// Rules the builder applies (the same for every Terraform format):
//  - Keys are "tf:" + the resource instance address ("tf:module.app[\"api\"].aws_instance.web[0]");
//    `terraform graph` knows no instances, so its keys are config addresses.
//  - Plumbing is not a system and is counted in Discovery::skipped: null_resource, random_*, time_*,
//    tls_*, local_*/archive_* files, key pairs, resource groups, project services, IAM bindings
//    without a home, and lookup data sources (aws_iam_policy_document, aws_caller_identity, aws_ami,
//    http, external, ...). Exception: when a file holds no managed resource but plumbing, its managed
//    plumbing resources are systems (kind "other"), so such a file is not empty. `terraform_data`
//    is never plumbing: Terraform's built-in stand-in resource is a system of kind "other".
//  - Low-level resources fold into the system they belong to (DiscoveredSystem::folded counts them):
//    security group rules into their security group, policy attachments into the role, route table
//    associations and routes into the route table, listeners and target group attachments into their
//    load balancer / target group, S3 bucket settings into the bucket, DNS records into the zone, ...
//    The home is found by the attribute that names it (security_group_id = an id/arn/name in the
//    file), else by the only resource of the home's type it depends on. No home: it stays a system.
//    A folded resource's edges become its home's edges.
//  - Data sources are references to things managed elsewhere (DiscoveredSystem::reference); one
//    whose id/arn matches a managed resource of the same file is that resource.
//  - terraform_remote_state: each of its outputs whose value is a cloud id/ARN/self link becomes a
//    reference system "tf:<data source address>.outputs.<name>" carrying that value as identifier,
//    so a resource using it points into the other state, and importing that state joins them.
//  - Edges: the file's dependency lists (expanded to all instances of the named resource, within the
//    same module instance), configuration references (plan JSON), DOT edges, and attribute matching:
//    a value (vpc_id, subnet_id, security_groups[], target_group_arn, ...) equal to another
//    resource's id/arn/self_link is an edge whose evidence is the attribute's path.
//  - Terraform's dependency lists are transitive through modules; an edge A->C that comes only from
//    such a list is dropped when C is reachable from A through another path (transitive reduction at
//    config-address level; skipped with a warning if the lists form a cycle).

#include "Discovery.h"
#include "SourceText.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terrain::tf {

// ---- JSON access --------------------------------------------------------------------------------

enum class JType { Object, Array, String, Number, Bool, Scalar };

[[noreturn]] void fail(const std::string& file, const std::string& ptr, const std::string& expected,
                       const json* found = nullptr);

/// The member `key` of `obj` (which must be an object), or nullptr when absent or null. Throws Error
/// naming file and pointer when present with another type.
const json* opt(const std::string& file, const json& obj, const std::string& ptr, std::string_view key,
                JType type);
/// Same, but the member must be there.
const json& req(const std::string& file, const json& obj, const std::string& ptr, std::string_view key,
                JType type);
std::string optString(const std::string& file, const json& obj, const std::string& ptr, std::string_view key);
std::string reqString(const std::string& file, const json& obj, const std::string& ptr, std::string_view key);
/// An array of strings (or absent/null → empty).
std::vector<std::string> optStrings(const std::string& file, const json& obj, const std::string& ptr,
                                    std::string_view key);

/// Removes Terraform's dynamic value wrappers {"value": v, "type": <cty type>} (terraform_data,
/// terraform_remote_state outputs), at any depth.
json unwrapDynamic(const json& v);
json unwrapDynamic(json&& v); ///< the same, reusing v's storage (large states)

// ---- Addresses ----------------------------------------------------------------------------------

/// Terraform's quoting of a string instance key: "a\"b" (HCL quoted string).
std::string hclQuote(std::string_view s);
/// An instance key as it appears in addresses: "" (none), "[0]", "[\"key\"]". Throws nothing;
/// an unexpected JSON type gives "".
std::string indexText(const json& key);

struct Address {
    std::vector<std::pair<std::string, std::string>> modules; ///< (name, key text) per module step
    bool data = false;
    std::string type, name;
    std::string index;                 ///< "" or "[...]"
    std::vector<std::string> rest;     ///< attribute steps after the resource (references)
    std::string moduleAddress() const; ///< "module.a[\"k\"].module.b"
    std::string moduleConfig() const;  ///< "module.a.module.b"
    std::string config() const;        ///< "module.a.module.b.data.x.y"
    std::string full() const;          ///< "module.a[\"k\"].data.x.y[0]"
};

/// Parses "module.a[\"k\"].aws_x.y[0]" (and with `allowRest` "aws_x.y.attr[0].b"). Returns nullopt for
/// anything that is not a resource address (var.x, local.x, module.x, output.x, provider...).
std::optional<Address> parseAddress(std::string_view text, bool allowRest = false);
/// Splits a module address "module.a[\"k\"].module.b" into steps; nullopt if it is not one.
std::optional<std::vector<std::pair<std::string, std::string>>> parseModulePath(std::string_view text);
/// Removes instance keys: "module.a[\"k\"].x.y[0]" → "module.a.x.y".
std::string stripInstanceKeys(std::string_view address);

/// "provider[\"registry.terraform.io/hashicorp/aws\"].east", "provider.aws", "module.x.provider.aws",
/// "registry.terraform.io/hashicorp/aws" → "aws". Falls back to the type's prefix.
std::string providerShortName(std::string_view provider, std::string_view type);

// ---- Resource types -----------------------------------------------------------------------------

/// One of systemKinds() for a resource type.
std::string kindForType(std::string_view type);
/// A kind guessed from a name such as an output name ("vpc_id" → network, "db_arn" → database).
std::string kindForName(std::string_view name);
/// Plumbing: not a system (see the rules above). `data` selects data sources.
bool isPlumbing(std::string_view type, bool data);
/// Types whose id or values are secrets themselves (random_string, tls_private_key, access keys):
/// no attributes and no identifiers are kept.
bool isOpaque(std::string_view type);
/// A dependency kind from an attribute path ("subnet_id" → runs-on, "target_group_arn" → routes-to).
std::string kindForAttribute(std::string_view path);

struct FoldRule {
    std::vector<std::string> hostAttributes; ///< attributes naming the home (first match wins)
    std::vector<std::string> hostTypes;      ///< types the home may have (empty: any)
    bool plumbingWithoutHost = false;        ///< no home found: skip instead of keeping as a system
    /// Attributes naming what it grants access to (an Azure role assignment's scope and role, the bucket of
    /// a Google bucket's IAM member), never its home: its home is then the one other resource its
    /// references name, the one granted (a function app whose identity gets a role on a storage account,
    /// a service account), and its edge to the scope becomes that home's. Granted to nothing the file
    /// has, it is the scope's.
    std::vector<std::string> grantAttributes = {};
};
/// The fold rule of a low-level resource type, or nullptr.
const FoldRule* foldRule(std::string_view type);

/// True for values distinctive enough to be identifiers: ARNs, self links, Azure/GCP resource paths,
/// cloud ids such as "sg-0123abcd", UUIDs, long numbers. Not short names or words.
bool isDistinctiveId(std::string_view v);
/// True for a value of another state's output distinctive enough to be an identifier although nothing
/// says whether that state marks it sensitive (a `terraform_remote_state` keeps no such mark): the
/// structured ids and URLs without credentials or query, and lower-case ids, host names, addresses and
/// long numbers (vpc-0a1b2c3d, db.internal, 10.0.3.7, a UUID). Not mixed case nor other characters, which
/// generated passwords and tokens have ("kX9pQ2vL7mN4", "Tr0ub4dor-and-3").
bool isOutputId(std::string_view v);
/// True for structured resource identities that generic secret heuristics would mistake for random
/// blobs: ARNs, Azure resource ids (/subscriptions/...), Google self links and resource paths.
bool isStructuredId(std::string_view v);

// ---- The builder --------------------------------------------------------------------------------

using Path = std::vector<std::string>;

/// A reference from an instance to a resource (or to everything in a module).
struct Ref {
    std::string
        target;        ///< resource config address ("module.db.aws_db_instance.main") or module ("module.db")
    std::string index; ///< a literal instance key ("[1]"), or empty for all instances
    std::string evidence; ///< "dependencies", "depends_on", "subnet_id", "terraform graph"
    std::string kind = "depends-on";
    bool transitive = false; ///< from a list Terraform makes transitive: may be reduced away
};

/// The strings of an instance's attributes that attribute matching may use (compactInstance()): where
/// each is, what it is, and its place in the walk of all the attribute values (which is bounded). Packed
/// in one string: a large state has hundreds of thousands of them, and a path, a value and a record each
/// in memory of their own were a quarter of an import's memory.
class WalkedValues {
public:
    void add(const Path& path, std::string_view value, std::size_t ordinal);
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    void shrink() { packed_.shrink_to_fit(); }
    void release() { std::string().swap(packed_), count_ = 0; }
    /// f(path, value, ordinal) for each, in the order added, until f returns false.
    template <class F> void forEach(F&& f) const {
        Path path;
        std::string value;
        for (std::size_t at = 0, i = 0; i < count_; ++i) {
            const std::size_t ordinal = number(at);
            path.resize(number(at));
            for (auto& step : path)
                text(at, step);
            text(at, value);
            if (!f(static_cast<const Path&>(path), static_cast<const std::string&>(value), ordinal))
                return;
        }
    }

private:
    std::string packed_; ///< per value: ordinal, steps, each step, value; numbers as appendSize() writes
                         ///< them (AttributeTape.h), texts sized
    std::size_t count_ = 0;
    std::size_t number(std::size_t& at) const;
    void text(std::size_t& at, std::string& out) const;
};

struct Instance {
    // (the flags together: a large state holds hundreds of thousands of instances)
    bool data = false;
    bool flat = false; ///< attributes are a legacy flatmap of strings ({"a.#": "2", "a.0": "x"})
    bool tainted = false;
    bool deposedObject = false; ///< a deposed object: folded into the current object of its address
    /// compactInstance() has run: `attributes` is null, `kept` holds only what the builder reads at the
    /// top level (an object recorded on a tape: AttributeTape.h; topAttributes() reads it), and
    /// `walked` the strings attribute matching may use, out of `walkCount` values walked in all.
    bool compact = false;
    std::string module; ///< module instance address: "", "module.app[\"api\"]"
    std::string type, name;
    std::string index;    ///< "", "[0]", "[\"key\"]"
    std::string provider; ///< short name
    json attributes = json::object();
    std::vector<Path> sensitive; ///< attribute paths the source marks sensitive
    std::vector<Ref> refs;
    json facts; ///< extra safe facts (planned_action, ...): null (no allocation) or an object
    std::vector<std::string> identifiers; ///< extra identifiers (the previous key of a moved resource)
    std::string kept;
    WalkedValues walked;
    std::size_t walkCount = 0;

    std::string address() const;
    std::string config() const;
    /// Gives back the memory of its attributes, whichever way they are held.
    void dropAttributes();
};

/// What the builder reads of an instance's attributes as a document: the attributes themselves, or for a
/// compacted instance what compactInstance() kept, read off its tape into `storage`.
const json& topAttributes(const Instance& in, json& storage);

struct Build {
    std::string format, file, scope, legacyScope, contentHash;
    std::vector<Instance> instances;
    std::vector<std::string> warnings;
    int skipped = 0;          ///< already skipped by the parser (provider nodes)
    bool configLevel = false; ///< terraform graph: no instances, no attribute values
};

/// Turns instances into a Discovery following the rules at the top of this file.
Discovery buildDiscovery(Build build);
/// For tests: buildDiscovery() makes every system's facts as a document first and writes its text, as it
/// did before it wrote them directly off the kept attributes; both give the same text.
void setFactsByDocument(bool on);
/// Whether the machine has a second processor, on which a large import does part of its work.
bool twoProcessors();
/// For tests: from how many systems buildDiscovery() makes them on two threads (1: always, where there are
/// two processors; SIZE_MAX: never). Both give the same discovery.
void setTwoThreadsFrom(std::size_t systems);
/// For tests: how many attribute values the attribute matching walks in all (20 million; a node at most
/// 50,000 of what is left). Made on one thread or two, the edges are the same.
void setWalkBudget(std::size_t values);

/// Shrinks an instance (not a flatmap one) to what buildDiscovery() reads of its attributes, with the
/// same result: the top-level scalars (strings over 4 KiB dropped: no id, name or fact is that long)
/// and lists of scalars, the tags/labels maps and remote state outputs; and, for attribute matching, the
/// strings that could name another resource (distinctive ids or values of id-like attributes) with
/// their paths. A state reader calls it per instance, so a large state is never held whole. The rules
/// are applied in one place, on a tape: the document is recorded onto one first.
void compactInstance(Instance& in);
class AttributeTape;
/// The same, for an instance whose attributes object was recorded on a tape (AttributeTape.h) instead
/// of read into `attributes`: what it keeps is read off the tape, and only a tape that is not plain
/// (repeated keys, dynamic value wrappers) is made a document first.
void compactInstance(Instance& in, const AttributeTape& tape);

/// The sensitive paths of a `sensitive_values` mirror ({"a": true, "b": {"c": true}, "d": [false, true]}).
void collectSensitiveMirror(const json& mirror, const Path& prefix, std::vector<Path>& out);

/// Edges (from, to) of a graph with `nodeCount` nodes; returns which of the edges flagged `reducible`
/// are implied by a longer path (and so may be dropped). `complete` is false when the graph has a
/// cycle (`*cyclic` then true: nothing is marked) or the work budget ran out (not everything is marked).
std::vector<bool> impliedEdges(std::size_t nodeCount,
                               const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                               const std::vector<bool>& reducible, bool& complete, bool* cyclic = nullptr,
                               std::size_t budget = std::size_t(50) * 1000 * 1000);

} // namespace terrain::tf
